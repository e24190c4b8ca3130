"""No input yields a 500: a property-based sweep (hypothesis) over every public URL of the demo
site, the audio Range header, the reaction form and the admin moderation actions.

Every answer must be below 500, or a 503 (an outage, never expected here). Bounded in time: a
few hundred examples in all, no deadline per example (two shared CPU cores).

The search URLs (`/recherche/`) are swept by ``test_search_urls_never_answer_5xx`` alone, so that
``pytest tests/reliability -k search_sweep`` shows whether the search app's own fixes hold.
"""

import urllib.parse

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from contributions.models import Reaction

SWEEP = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PARAM_NAMES = ["page", "p", "type", "theme", "keyword", "group", "year", "q", "status", "next"]
PARAM_NAMES += ["ids", "id", "tag", "order", "format"]

# Values known to break naive parsing, then arbitrary text and raw bytes.
NASTY = st.sampled_from(
    ["²", "٣", "-1", "0", "1e3", "9" * 4301, "a\x00b", "\x00", "%00", "' OR 1=1 --", "", " ", "𝟘"]
)
VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str))
RAW_BYTES = st.binary(max_size=30).map(lambda b: urllib.parse.quote_from_bytes(b))


def query_string(params: list[tuple[str, str]], raw: list[tuple[str, str]]) -> str:
    parts = [urllib.parse.urlencode(params, errors="surrogatepass")] if params else []
    parts += [f"{name}={value}" for name, value in raw]
    return "&".join(part for part in parts if part)


PARAMS = st.lists(st.tuples(st.sampled_from(PARAM_NAMES), VALUES), max_size=4)
RAW = st.lists(st.tuples(st.sampled_from(PARAM_NAMES), RAW_BYTES), max_size=2)


def assert_not_5xx(response, url):
    assert response.status_code < 500 or response.status_code == 503, (url, response.status_code)


@pytest.fixture
def demo_site(home_page):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    restricted = {r.page_id for r in PageViewRestriction.objects.all()}
    pages = [p for p in Page.objects.live().filter(depth__gt=1) if p.pk not in restricted]
    return [p.url for p in pages if p.url]


def public_urls(page_urls):
    return page_urls + [
        "/",
        "/mots-cles/",
        "/plan-du-site/",
        "/health/",
        "/robots.txt",
        "/sitemap.xml",
        "/mots-cles/inconnu/",
        "/thematiques/inconnue/",
        "/audio/1/x.mp3",
        "/documents/1/x.pdf",
    ]


def sweep_public_urls(client, demo_site):
    urls = public_urls(demo_site)

    @settings(SWEEP, max_examples=100)
    @given(url=st.sampled_from(urls), params=PARAMS, raw=RAW)
    def check(url, params, raw):
        full = url + "?" + query_string(params, raw)
        assert_not_5xx(client.get(full), full)

    check()


def sweep_audio_range_headers(client):
    from wagtailmedia.models import get_media_model

    from podcasts.models import PodcastEpisodePage

    episode = PodcastEpisodePage.objects.live().exclude(audio=None).first()
    assert episode is not None, "the demo has an episode with audio"
    media = get_media_model().objects.get(pk=episode.audio_id)
    url = reverse("podcasts:audio", args=[media.pk, media.filename])
    digits = st.one_of(st.just("9" * 4301), st.integers(min_value=0).map(str), st.just("²"))
    ranges = st.one_of(
        st.builds(lambda a, b: f"bytes={a}-{b}", digits, digits),
        st.builds(lambda a: f"bytes=-{a}", digits),
        st.text(max_size=60).map(lambda t: "bytes=" + t),
    )

    @settings(SWEEP, max_examples=40)
    @given(header=ranges)
    def check(header):
        response = client.get(url, headers={"range": header})
        assert_not_5xx(response, header[:80])
        assert response.status_code in {200, 206, 416}

    check()
    # 4 301 digits: bounded, a clear 416 rather than Python's integer-string limit.
    assert client.get(url, headers={"range": "bytes=" + "1" * 4301 + "-"}).status_code == 416


def sweep_moderation_actions(client):
    reaction_ids = list(Reaction.objects.values_list("pk", flat=True)[:5]) or [1]
    bulk = reverse("contributions_admin:bulk")
    actions = st.one_of(
        st.sampled_from(["approve", "reject", "spam", "pending", "delete", ""]),
        st.builds(lambda a, b: f"{a}:{b}", st.sampled_from(["approve", "reject"]), VALUES),
        VALUES,
    )
    ids = st.lists(st.one_of(st.sampled_from([str(i) for i in reaction_ids]), VALUES), max_size=5)

    @settings(SWEEP, max_examples=40)
    @given(action=actions, ids=ids, pk=st.sampled_from(reaction_ids), verb=VALUES, params=PARAMS)
    def check(action, ids, pk, verb, params):
        response = client.post(bulk, {"action": action, "ids": ids, "next": verb})
        assert_not_5xx(response, ("bulk", action, ids))
        slug = urllib.parse.quote(verb, safe="") or "x"
        response = client.post(f"/admin/reactions/{pk}/{slug}/")
        assert_not_5xx(response, ("moderate", verb))
        queue = reverse("contributions_admin:index") + "?" + query_string(params, [])
        assert_not_5xx(client.get(queue), queue)

    check()


def bulk_ids_with_unicode_digits(client):
    """The audit's reproduction: `ids=²` in the bulk moderation action."""
    response = client.post(reverse("contributions_admin:bulk"), {"action": "approve", "ids": "²"})
    assert response.status_code == 302


def resources_filter_with_nul(client):
    """The audit's reproduction: `/ressources/?theme=a%00b`."""
    from articles.models import ResourceIndexPage

    index = ResourceIndexPage.objects.live().first()
    assert index is not None
    for name in ("theme", "keyword", "type", "page"):
        assert client.get(f"{index.url}?{name}=a%00b").status_code == 200


@pytest.mark.django_db
def test_no_input_yields_a_500(client, demo_site, superuser):
    """One demo site, every sweep (building the demo is the costly part)."""
    resources_filter_with_nul(client)
    sweep_public_urls(client, demo_site)
    sweep_audio_range_headers(client)
    client.force_login(superuser)
    bulk_ids_with_unicode_digits(client)
    sweep_moderation_actions(client)


@pytest.mark.django_db
def test_search_urls_never_answer_5xx(client, home_page):
    """Arbitrary parameters on /recherche/ never answer 5xx (the search fixes of issues 17/18)."""
    urls = ["/recherche/", "/recherche/suggestions/"]
    params = st.lists(
        st.tuples(
            st.sampled_from(["q", "type", "theme", "group", "keyword", "year", "page"]), VALUES
        ),
        max_size=4,
    )

    @settings(SWEEP, max_examples=60)
    @given(url=st.sampled_from(urls), params=params)
    def check(url, params):
        full = url + "?" + query_string([("q", "coop"), *params], [])
        assert_not_5xx(client.get(full), full)

    check()
    for name in ("year", "type", "theme", "group", "keyword"):
        value = "%C2%B2" if name == "year" else "x%00"
        assert client.get(f"/recherche/?q=coop&{name}={value}").status_code == 200

"""The anonymous page cache (site_core/page_cache.py): what is stored, what is not, what it sends.

Test views live in this module, which is also the URLconf of the tests that need them: a page
with a registered per-reader fragment, and pages that break the rules outside a fragment (CSRF
token, session, message) and so must never be stored.
"""

import itertools

import pytest
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from site_core import fragments, page_cache
from tests.utils import publish

# --- Test views (this module is their URLconf) ------------------------------------------------

COUNTER = itertools.count()

FRAGMENT_PAGE = engines["django"].from_string(
    '{% load fragment_tags %}<!DOCTYPE html><html lang="fr"><body><p>Rendu n° {{ number }}</p>'
    '{% uncached_fragment "test.reader" 42 %}</body></html>'
)
TOKEN_PAGE = engines["django"].from_string(
    '<html><body><form method="post">{% csrf_token %}</form>{{ number }}</body></html>'
)


def fragment_view(request):
    return HttpResponse(FRAGMENT_PAGE.render({"number": next(COUNTER)}, request))


def token_view(request):
    return HttpResponse(TOKEN_PAGE.render({"number": next(COUNTER)}, request))


def session_view(request):
    return HttpResponse(f"<p>{request.session.get('choice', 'rien')} {next(COUNTER)}</p>")


def message_view(request):
    messages.info(request, "Merci !")
    return HttpResponse(f"<p>{next(COUNTER)}</p>")


def counter_view(request):
    return HttpResponse(f"<p>Rendu n° {next(COUNTER)}</p>")


def private_view(request):
    response = HttpResponse(f"<p>{next(COUNTER)}</p>")
    response["Cache-Control"] = "private"
    return response


def cookie_view(request):
    """A page that asks for a reader's cookie outside any fragment."""
    fragments.set_cookie(request, "lecteur", f"n{next(COUNTER)}", httponly=True)
    return HttpResponse(f"<p>{next(COUNTER)}</p>")


COOKIE_FRAGMENT_PAGE = engines["django"].from_string(
    "{% load fragment_tags %}<html><body><p>{{ number }}</p>"
    '{% uncached_fragment "test.cookie" %}</body></html>'
)


def cookie_fragment_view(request):
    return HttpResponse(COOKIE_FRAGMENT_PAGE.render({"number": next(COUNTER)}, request))


def render_cookie_fragment(request):
    """A fragment that gives a new reader a cookie of their own, as the reaction form does."""
    if "lecteur" not in request.COOKIES:
        fragments.set_cookie(request, "lecteur", f"n{next(COUNTER)}", httponly=True)
    return format_html("<span>{}</span>", request.COOKIES.get("lecteur", "nouveau"))


urlpatterns = [
    path("essai/fragment/", fragment_view),
    path("essai/cookie/", cookie_view),
    path("essai/fragment-cookie/", cookie_fragment_view),
    path("essai/jeton/", token_view),
    path("essai/session/", session_view),
    path("essai/message/", message_view),
    path("essai/compteur/", counter_view),
    path("essai/prive/", private_view),
    path("", include("site_core.urls")),
]


def render_reader(request, number):
    """A per-reader part: this reader's CSRF token and their own cookie."""
    return format_html(
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<span class="reader">{}</span><span class="arg">{}</span></form>',
        get_token(request),
        request.COOKIES.get("reader", "inconnu"),
        number,
    )


@pytest.fixture
def cache_on(settings, db):
    from wagtail.models import Site

    from site_core.models import SiteSettings
    from tests.utils import ensure_site_tree

    ensure_site_tree()
    # Read once beforehand: its first reading creates the row, which makes the cache stale.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def test_views(settings):
    settings.ROOT_URLCONF = __name__
    with hooks.register_temporarily(
        [
            (fragments.HOOK, lambda: ("test.reader", render_reader)),
            (fragments.HOOK, lambda: ("test.cookie", render_cookie_fragment)),
        ]
    ):
        yield


@pytest.fixture
def sheet(home_page):
    resources = ResourceIndexPageFactory(parent=home_page)
    return publish(MethodSheetPageFactory(parent=resources, title="Le photolangage"))


def state(response):
    return response["X-Page-Cache"]


# --- Hits, misses and what they send ---------------------------------------------------------


@pytest.mark.django_db
class TestSharedPages:
    def test_home_is_rendered_once_then_served_from_the_cache(self, client, cache_on, home_page):
        first = client.get("/")
        second = client.get("/")
        assert (first.status_code, state(first)) == (200, "miss")
        assert (second.status_code, state(second)) == (200, "hit")
        assert second.content == first.content
        assert "Maillage" in second.content.decode()

    def test_a_hit_never_calls_the_view(self, client, cache_on, test_views):
        first = client.get("/essai/compteur/").content
        assert client.get("/essai/compteur/").content == first
        assert client.get("/essai/compteur/")["X-Page-Cache"] == "hit"

    def test_shared_pages_tell_proxies_they_may_keep_them(self, client, cache_on, home_page):
        for response in (client.get("/"), client.get("/")):
            control = response["Cache-Control"]
            assert "public" in control
            assert "max-age=60" in control
            assert "stale-while-revalidate=30" in control
            assert response["ETag"].startswith('"')
            assert response.has_header("Last-Modified")
            assert not response.cookies
            assert "Cookie" not in response.get("Vary", "")
            # What the outer middleware adds still comes on a hit.
            assert response.has_header("X-Request-ID")
            assert response["X-Frame-Options"] == "SAMEORIGIN"
            assert "default-src 'self'" in response["Content-Security-Policy"]

    def test_conditional_requests_get_304(self, client, cache_on, home_page):
        first = client.get("/")
        etag, modified = first["ETag"], first["Last-Modified"]
        by_etag = client.get("/", headers={"if-none-match": etag})
        by_date = client.get("/", headers={"if-modified-since": modified})
        other = client.get("/", headers={"if-none-match": '"autre"'})
        assert (by_etag.status_code, by_etag.content, state(by_etag)) == (304, b"", "hit")
        assert by_date.status_code == 304
        assert other.status_code == 200

    def test_head_is_served_from_the_stored_get(self, client, cache_on, home_page):
        client.get("/")
        head = client.head("/")
        assert (head.status_code, state(head), head.content) == (200, "hit", b"")

    def test_pagination_is_part_of_the_key(self, client, cache_on, test_views):
        plain = client.get("/essai/compteur/")
        page_two = client.get("/essai/compteur/", {"page": "2"})
        assert state(page_two) == "miss"
        assert page_two.content != plain.content
        assert client.get("/essai/compteur/", {"page": "2"}).content == page_two.content

    def test_off_switch(self, client, settings, cache_on, home_page):
        settings.PAGE_CACHE_ENABLED = False
        assert not client.get("/").has_header("X-Page-Cache")
        assert not client.get("/").has_header("X-Page-Cache")


# --- Who never gets a stored page ------------------------------------------------------------


@pytest.mark.django_db
class TestBypass:
    def test_a_signed_in_editor_gets_their_own_page(self, client, cache_on, home_page, superuser):
        client.get("/")  # stored for anonymous readers
        client.force_login(superuser)
        response = client.get("/")
        assert state(response) == "bypass"
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "wagtail-userbar" in response.content.decode()

    def test_the_anonymous_page_has_no_editor_userbar(self, client, cache_on, home_page):
        assert "wagtail-userbar" not in client.get("/").content.decode()

    @pytest.mark.parametrize(
        "query", [{"q": "coopération"}, {"page": ["1", "2"]}, {"page": "x" * 40}, {"utm_id": "1"}]
    )
    def test_query_strings_it_does_not_know_are_never_stored(
        self, client, cache_on, test_views, query
    ):
        first = client.get("/essai/compteur/", query)
        second = client.get("/essai/compteur/", query)
        assert (state(first), state(second)) == ("bypass", "bypass")
        assert first.content != second.content

    def test_search_is_never_stored(self, client, cache_on, home_page):
        assert state(client.get("/recherche/", {"q": "coopération"})) == "bypass"

    @pytest.mark.parametrize("url", ["/admin/login/", "/health/", "/api/v2/pages/"])
    def test_paths_outside_the_public_pages(self, client, cache_on, home_page, url):
        assert state(client.get(url)) == "bypass"

    def test_other_methods(self, client, cache_on, test_views):
        assert state(client.post("/essai/compteur/")) == "bypass"

    def test_messages_cookie(self, client, cache_on, test_views):
        client.cookies["messages"] = "x"
        assert state(client.get("/essai/compteur/")) == "bypass"

    def test_not_found_pages_are_not_stored(self, client, cache_on, home_page):
        response = client.get("/nulle-part/")
        assert (response.status_code, state(response)) == (404, "bypass")


# --- The safety net: one reader's token, session or message never stored --------------------


@pytest.mark.django_db
class TestSafetyNet:
    @pytest.mark.parametrize(
        "url",
        ["/essai/jeton/", "/essai/session/", "/essai/message/", "/essai/prive/", "/essai/cookie/"],
    )
    def test_pages_using_a_reader_s_things_outside_a_fragment_are_never_stored(
        self, client, cache_on, test_views, url
    ):
        first = client.get(url)
        second = client.get(url)
        assert (state(first), state(second)) == ("bypass", "bypass")
        assert first.content != second.content
        assert not [key for key in cache_on._cache if page_cache.KEY_PREFIX in key]

    def test_a_cookie_asked_for_outside_a_fragment_is_set_on_a_private_page(
        self, client, cache_on, test_views
    ):
        response = client.get("/essai/cookie/")
        assert state(response) == "bypass"
        assert response.cookies["lecteur"]["httponly"]
        assert "private" in response["Cache-Control"]

    def test_a_csrf_token_outside_a_fragment_makes_the_page_private(
        self, client, cache_on, test_views
    ):
        response = client.get("/essai/jeton/")
        assert "csrftoken" in response.cookies
        assert "private" in response["Cache-Control"]

    def test_a_minutes_page_with_a_reaction_form_never_stores_a_token(
        self, client, cache_on, home_page
    ):
        """The form is a fragment: the page is stored with a placeholder, and no stored page
        holds a fill-time token or the reader's nonce cookie."""
        import pickle

        from working_groups.factories import (
            MeetingMinutesPageFactory,
            WorkingGroupIndexPageFactory,
            WorkingGroupPageFactory,
        )

        groups = WorkingGroupIndexPageFactory(parent=home_page)
        group = WorkingGroupPageFactory(parent=groups)
        minutes = publish(MeetingMinutesPageFactory(parent=group))
        caches["pages"].clear()
        for _ in range(2):
            response = client.get(minutes.url)
            assert response.status_code == 200
            assert 'name="token"' in response.content.decode()
        stored = [
            pickle.loads(value)  # noqa: S301 - our own test cache
            for key, value in cache_on._cache.items()
            if page_cache.KEY_PREFIX in key
        ]
        assert stored
        for entry in stored:
            assert b'name="token"' not in entry["content"]
            assert b"csrfmiddlewaretoken" not in entry["content"]
            assert not [name for name, _value in entry["headers"] if name.lower() == "set-cookie"]


# --- Per-reader fragments --------------------------------------------------------------------


@pytest.mark.django_db
class TestFragments:
    def test_each_reader_gets_their_own_fragment_from_one_stored_page(self, cache_on, test_views):
        from django.test import Client

        alice, bob = Client(), Client()
        alice.cookies["reader"] = "Alice"
        bob.cookies["reader"] = "Bob"
        first = alice.get("/essai/fragment/")
        second = bob.get("/essai/fragment/")
        assert (state(first), state(second)) == ("miss", "hit")
        html_a, html_b = first.content.decode(), second.content.decode()
        # One rendering of the page for both...
        assert html_a.split("<form")[0] == html_b.split("<form")[0]
        # ... and a fragment of each reader's own.
        assert '<span class="reader">Alice</span><span class="arg">42</span>' in html_a
        assert '<span class="reader">Bob</span>' in html_b
        token_a = first.cookies["csrftoken"].value
        token_b = second.cookies["csrftoken"].value
        assert token_a != token_b
        assert "maillage-fragment" not in html_a + html_b

    def test_the_stored_page_holds_a_placeholder_and_no_token(self, client, cache_on, test_views):
        client.get("/essai/fragment/")
        stored = [value for key, value in cache_on._cache.items() if page_cache.KEY_PREFIX in key]
        assert len(stored) == 1
        import pickle

        entry = pickle.loads(stored[0])  # noqa: S301 - our own test cache
        html = entry["content"].decode()
        assert fragments.has_placeholders(html)
        assert "csrfmiddlewaretoken" not in html
        assert entry["per_reader"]

    def test_a_fragment_s_cookie_goes_to_each_new_reader_and_never_into_the_cache(
        self, cache_on, test_views
    ):
        import pickle

        from django.test import Client

        first, second = Client(), Client()
        responses = [first.get("/essai/fragment-cookie/"), second.get("/essai/fragment-cookie/")]
        assert [state(r) for r in responses] == ["miss", "hit"]
        values = [r.cookies["lecteur"].value for r in responses]
        assert values[0] != values[1]
        for response in responses:
            assert "private" in response["Cache-Control"]
            assert "public" not in response["Cache-Control"]
        # A reader who has the cookie is not given another one.
        again = first.get("/essai/fragment-cookie/")
        assert (state(again), "lecteur" in again.cookies) == ("hit", False)
        assert f"<span>{values[0]}</span>" in again.content.decode()
        (entry,) = [
            pickle.loads(value)  # noqa: S301 - our own test cache
            for key, value in cache_on._cache.items()
            if page_cache.KEY_PREFIX in key
        ]
        assert not [name for name, _value in entry["headers"] if name.lower() == "set-cookie"]
        assert b"lecteur" not in entry["content"]

    def test_pages_with_fragments_are_private_for_proxies(self, client, cache_on, test_views):
        for response in (client.get("/essai/fragment/"), client.get("/essai/fragment/")):
            assert "private" in response["Cache-Control"]
            assert "public" not in response["Cache-Control"]
            assert not response.has_header("ETag")

    def test_a_reader_s_token_from_a_hit_is_accepted_by_a_post(self, cache_on, test_views):
        from django.test import Client

        Client().get("/essai/fragment/")  # someone else stored the page
        reader = Client(enforce_csrf_checks=True)
        hit = reader.get("/essai/fragment/")
        assert state(hit) == "hit"
        token = hit.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        posted = reader.post("/essai/compteur/", {"csrfmiddlewaretoken": token})
        assert posted.status_code == 200
        refused = Client(enforce_csrf_checks=True).post(
            "/essai/compteur/", {"csrfmiddlewaretoken": token}
        )
        assert refused.status_code == 403

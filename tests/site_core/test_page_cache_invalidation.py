"""The invalidation matrix: every event that changes what a reader sees, then the next anonymous
GET shows the change (zero stale reads).

Each case stores a page (miss, then a hit that shows the old state), makes the change the way an
editor or a moderator would, and asks again. It runs with the stamp in local memory, with the stamp
in a file (several gunicorn workers without Redis) and with Redis as the cache (REDIS_URL,
default redis://127.0.0.1:6379/1; skipped when no Redis answers, failed with REQUIRE_REDIS=1).
"""

import os

import pytest
from django.core.cache import caches
from wagtail.models import Site

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from site_core.models import SiteSettings
from site_core.models.taxonomy import Keyword, Theme
from tests.utils import make_private, publish

REDIS_URL = os.environ.get("PAGE_CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "file", "redis"])
def cache_on(request, settings, tmp_path, db):
    settings.PAGE_CACHE_ENABLED = True
    if request.param == "file":
        settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache-generation"
    if request.param == "redis":
        if not redis_answers():
            if os.environ.get("REQUIRE_REDIS"):
                pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but {REDIS_URL} does not answer")
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "pages-test",
            },
        }
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    caches["pages"].clear()
    yield request.param
    caches["pages"].clear()


@pytest.fixture
def tree(home_page):
    resources = ResourceIndexPageFactory(parent=home_page)
    elsewhere = ResourceIndexPageFactory(parent=home_page, title="Archives", slug="archives")
    theme = Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
    sheet = MethodSheetPageFactory(parent=resources, title="Le photolangage", slug="photolangage")
    sheet.themes.add(theme)
    sheet.keywords.add("coopération")
    publish(sheet)
    return {"resources": resources, "elsewhere": elsewhere, "sheet": sheet, "theme": theme}


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


# --- The events: each returns (url, what must now show, what must be gone) -------------------


def publish_a_change(tree):
    sheet = tree["sheet"]
    sheet.title = "Le photolangage, version revue"
    publish(sheet)
    return "/ressources/", "version revue", None


def publish_a_new_page(tree):
    publish(MethodSheetPageFactory(parent=tree["resources"], title="Le débat mouvant"))
    return "/ressources/", "Le débat mouvant", None


def unpublish(tree):
    tree["sheet"].unpublish()
    return "/ressources/", None, "Le photolangage"


def move(tree):
    # Resource indexes list every sheet of the site: the card's link follows the page.
    tree["sheet"].move(tree["elsewhere"], pos="last-child")
    return "/ressources/", 'href="/archives/photolangage/"', 'href="/ressources/photolangage/"'


def delete(tree):
    tree["sheet"].delete()
    return "/ressources/", None, "Le photolangage"


def make_it_private(tree):
    make_private(tree["sheet"])
    return "/ressources/", None, "Le photolangage"


def approve_a_reaction(tree):
    from contributions.models import Reaction

    reaction = Reaction.objects.create(
        page=tree["sheet"], author_name="Awa", body="Très utile en assemblée.", status="pending"
    )
    reaction.status = "approved"
    reaction.save()
    return "/ressources/", "1 réaction", None


def change_site_settings(tree):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = "Réseau régional de l'ESS, nouveau pied de page"
    site_settings.save()
    return "/", "nouveau pied de page", None


def rename_a_theme(tree):
    theme = tree["theme"]
    theme.name = "Gouvernance coopérative"
    theme.save()
    return "/thematiques/gouvernance/", "Gouvernance coopérative", "Gouvernance partagée"


def rename_a_keyword(tree):
    keyword = Keyword.objects.get(name="coopération")
    keyword.name = "coopérations"
    keyword.save()
    return f"/mots-cles/{keyword.slug}/", "coopérations", None


EVENTS = [
    publish_a_change,
    publish_a_new_page,
    unpublish,
    move,
    delete,
    make_it_private,
    approve_a_reaction,
    change_site_settings,
    rename_a_theme,
    rename_a_keyword,
]


@pytest.mark.django_db
@pytest.mark.parametrize("event", EVENTS, ids=[event.__name__ for event in EVENTS])
def test_the_next_anonymous_get_shows_the_change(client, cache_on, tree, event):
    # The URL is known only once the event ran: store every page it might be, first.
    urls = ["/", "/ressources/", "/archives/", "/thematiques/gouvernance/"]
    urls.append(f"/mots-cles/{Keyword.objects.get(name='coopération').slug}/")
    before = {}
    for url in urls:
        text(client, url)
        state, before[url] = text(client, url)
        assert state == "hit", url

    url, shown, gone = event(tree)

    state, html = text(client, url)
    assert state == "miss"
    if shown:
        assert shown not in before[url]
        assert shown in html
    if gone:
        assert gone in before[url]
        assert gone not in html


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["search_promotion", "image", "featured_row"])
def test_changes_shown_elsewhere_make_every_stored_page_stale(client, cache_on, tree, change):
    """Search promotions show on search results (never stored), images and inline rows on many
    pages: each makes every stored page stale."""
    text(client, "/")
    assert text(client, "/")[0] == "hit"
    if change == "search_promotion":
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        SearchPromotion.objects.create(
            query=Query.get("photolangage"), page=tree["sheet"], sort_order=0
        )
    elif change == "image":
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file
        from wagtail.models import Collection

        Image.objects.create(
            title="Atelier", file=get_test_image_file(), collection=Collection.get_first_root_node()
        )
    else:
        from site_core.models import HomePageFeatured

        HomePageFeatured.objects.create(
            home=tree["resources"].get_parent().specific, page=tree["sheet"]
        )
    assert text(client, "/")[0] == "miss"

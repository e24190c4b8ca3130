"""What a page shows of other pages, kept under the page cache's stamp (`site_data.kept`).

« Related resources », backlinks, a minutes page's previous and next meetings, an episode's
« going further » and the resources index's filters are the same for every reader: a page the
page cache did not have reads them from the store, and every change that makes stored pages
stale (here: a publish) makes them stale too. Previews and the page cache switched off never use
the store.
"""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from site_core import page_cache, site_data
from site_core.models import SiteSettings, Theme
from tests.utils import publish
from working_groups.factories import MeetingMinutesPageFactory, WorkingGroupPageFactory


@pytest.fixture
def cache_on(settings, db):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = None
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # created before, not by a GET
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def tree(home_page):
    theme = Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
    group = WorkingGroupPageFactory(parent=home_page, title="Gouvernance", slug="gouvernance-gt")
    first = MeetingMinutesPageFactory(
        parent=group, title="Rencontre de mars", meeting_date=datetime.date(2026, 3, 12)
    )
    second = MeetingMinutesPageFactory(
        parent=group, title="Rencontre d’avril", meeting_date=datetime.date(2026, 4, 9)
    )
    resources = ResourceIndexPageFactory(parent=home_page)
    sheet = MethodSheetPageFactory(parent=resources, title="Le photolangage", slug="photolangage")
    for page in (first, second, sheet):
        page.themes.add(theme)
        publish(page)
    return {"group": group, "first": first, "second": second, "sheet": sheet, "theme": theme}


def uncached(client, url):
    """One anonymous GET of `url` the page cache does not answer (its stored copy dropped)."""
    caches["pages"].delete(page_cache.cache_key(RequestFactory().get(url)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] != "hit"
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_related_and_neighbours_are_read_once_and_follow_a_publish(client, cache_on, tree):
    url = tree["first"].url
    first_html, first_sql = uncached(client, url)
    assert "Le photolangage" in first_html  # related through the theme
    assert "Rencontre d’avril" in first_html.split('class="minutes-nav__next"', 1)[1][:400]
    assert "articles_methodsheetpage_themes" in first_sql  # « related » scored once

    again_html, again_sql = uncached(client, url)
    assert again_html.count("Le photolangage") == first_html.count("Le photolangage")
    # Kept: neither the related pages' scoring nor the neighbours' query ran again.
    assert "articles_methodsheetpage_themes" not in again_sql
    assert "meeting_date" in first_sql and 'sequence_number" DESC' in first_sql
    assert 'sequence_number" DESC' not in again_sql

    # A new page sharing the theme, and a meeting between the two: the next GET shows both.
    between = MeetingMinutesPageFactory(
        parent=tree["group"], title="Rencontre de fin mars", meeting_date=datetime.date(2026, 3, 26)
    )
    between.themes.add(tree["theme"])
    publish(between)
    sheet = MethodSheetPageFactory(
        parent=tree["sheet"].get_parent(), title="Le débat mouvant", slug="debat-mouvant"
    )
    sheet.themes.add(tree["theme"])
    publish(sheet)
    html, _sql = uncached(client, url)
    assert "Le débat mouvant" in html
    next_link = html.split('class="minutes-nav__next"', 1)[1].split("</li>", 1)[0]
    assert "Rencontre de fin mars" in next_link


def test_an_unpublished_related_page_leaves_the_block(client, cache_on, tree):
    url = tree["second"].url
    assert "Le photolangage" in uncached(client, url)[0]
    tree["sheet"].unpublish()
    assert "Le photolangage" not in uncached(client, url)[0]


def test_resource_filters_are_kept_per_choice(client, cache_on, tree):
    html, sql = uncached(client, "/ressources/")
    assert "Gouvernance partagée" in html and "site_core_theme" in sql
    again, sql = uncached(client, "/ressources/")
    assert again == html
    assert "site_core_keyword" not in sql  # the filters' lists were kept
    filtered, sql = uncached(client, "/ressources/?theme=gouvernance")
    assert "site_core_keyword" in sql  # another choice, its own entry


def test_kept_builds_once_per_stamp_and_host(cache_on, tree):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    def request(host="localhost"):
        # What SiteDataMiddleware does for a public GET: the bundle under the current stamp.
        made = RequestFactory(HTTP_HOST=host).get("/")
        site_data.for_request(made)
        return made

    assert site_data.kept(request(), "essai", build) == 1
    assert site_data.kept(request(), "essai", build) == 1
    assert site_data.kept(request(), "autre", build) == 2
    page_cache.invalidate("test")
    assert site_data.kept(request(), "essai", build) == 3


def test_kept_is_never_used_in_a_preview_nor_with_the_cache_off(settings, cache_on, tree):
    made = RequestFactory().get("/")
    site_data.for_request(made)
    assert site_data.kept(made, "essai", lambda: "gardé") == "gardé"
    made.is_preview = True
    assert site_data.kept(made, "essai", lambda: "aperçu") == "aperçu"
    settings.PAGE_CACHE_ENABLED = False
    off = RequestFactory().get("/")
    site_data.for_request(off)
    assert site_data.kept(off, "essai", lambda: "sans cache") == "sans cache"


def test_a_preview_shows_the_revision_s_related_pages(cache_on, tree):
    """A draft revision with another theme, previewed (Wagtail runs the page's URL through the
    middleware, so the stamp is known): its own related pages, not the live page's kept block."""
    live_html, _ = uncached(Client(), tree["first"].url)
    assert "Le photolangage" in live_html
    other = Theme.objects.create(name="Numérique", slug="numerique")
    lone = MethodSheetPageFactory(
        parent=tree["sheet"].get_parent(), title="Les outils libres", slug="outils-libres"
    )
    lone.themes.add(other)
    publish(lone)
    assert "Le photolangage" in uncached(Client(), tree["first"].url)[0]  # kept again
    page = tree["first"].specific
    page.themes.set([other])
    draft = page.save_revision().as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les outils libres" in html and "Le photolangage" not in html


def test_a_reader_s_new_search_term_leaves_stored_pages_fresh(client, cache_on, tree):
    """Wagtail records every search term (a `Query` row, its daily hits): a reader typing new
    words must not make every stored page stale (anyone could keep the page cache empty)."""
    from wagtail.contrib.search_promotions.models import Query

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    before = page_cache.current_generation()
    assert client.get("/recherche/?q=photolangage+coop%C3%A9ratif+xyzzy").status_code == 200
    assert Query.objects.filter(query_string__icontains="xyzzy").exists()
    assert page_cache.current_generation() == before
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_the_home_page_lists_a_new_page_at_once(client, cache_on, tree, home_page):
    html, sql = uncached(client, "/")
    again, again_sql = uncached(client, "/")
    assert len(again_sql) < len(sql)  # the home page's lists were kept
    sheet = MethodSheetPageFactory(
        parent=tree["sheet"].get_parent(), title="La rivière du doute", slug="riviere-du-doute"
    )
    publish(sheet)
    assert "La rivière du doute" not in html
    assert "La rivière du doute" in uncached(client, "/")[0]


def test_the_site_feed_is_kept_and_shows_a_new_page_at_once(cache_on, tree):
    import feedparser

    client = Client()

    def read():
        # A feed stored by the page cache would answer without rendering: drop it first.
        caches["pages"].delete(page_cache.cache_key(RequestFactory().get("/flux/site.rss")))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/flux/site.rss")
        assert response.status_code == 200
        return feedparser.parse(response.content), len(queries)

    first, first_count = read()
    again, again_count = read()
    assert [e.link for e in again.entries] == [e.link for e in first.entries]
    assert again_count < first_count
    sheet = MethodSheetPageFactory(
        parent=tree["sheet"].get_parent(), title="Le world café", slug="world-cafe"
    )
    publish(sheet)
    titles = [entry.title for entry in read()[0].entries]
    assert "Le world café" in titles


def test_a_page_s_own_content_is_kept_and_follows_a_publish(client, cache_on, tree):
    """`{% kept_block %}`: a minutes page rendered again (another query string) reads neither its
    participants nor its decisions; the page's next publish shows its new content at once."""
    from working_groups.models import MeetingMinutesParticipant

    page = tree["first"].specific
    MeetingMinutesParticipant.objects.create(page=page, name="Inès Carpentier", organisation="Scop")
    publish(page)
    html, sql = uncached(client, page.url)
    assert "Inès Carpentier" in html and "meetingminutesparticipant" in sql
    again, again_sql = uncached(client, page.url + "?utm_source=lettre")
    assert "Inès Carpentier" in again
    assert "meetingminutesparticipant" not in again_sql
    assert "meetingminutesdecision" not in again_sql
    assert "site_core_theme" not in again_sql  # its themes are only read inside kept blocks

    page = page.specific_class.objects.get(pk=page.pk)
    page.participants = [MeetingMinutesParticipant(name="Inès Carpentier-Roy", organisation="Scop")]
    page.title = "Rencontre de mars, relue"
    publish(page)
    fresh, _ = uncached(client, page.url + "?utm_source=lettre")
    assert "Inès Carpentier-Roy" in fresh and "Rencontre de mars, relue" in fresh


def test_a_preview_and_a_signed_in_editor_never_see_a_kept_block(
    client, cache_on, tree, admin_user
):
    """The sheet's kept block is replaced in the store by a marker: an anonymous reader's
    rendering shows it (it reads the store), a preview and a signed-in editor's page do not."""
    from django.utils.translation import get_language

    page = tree["sheet"].specific
    uncached(client, page.url)  # kept under the current stamp
    key = (
        f"{site_data.KEPT_PREFIX}testserver:{page_cache.current_generation()}:"
        f"{get_language()}:kept-block:sheet:{page.pk}"
    )
    assert caches["pages"].get(key) is not None
    caches["pages"].set(key, "<p>MARQUE-GARDEE</p>")
    assert "MARQUE-GARDEE" in uncached(client, page.url)[0]

    page.summary = "Une version de travail du résumé."
    draft = page.save_revision().as_object()
    preview = draft.make_preview_request().content.decode()
    assert "Une version de travail du résumé." in preview and "MARQUE-GARDEE" not in preview
    editor = Client()
    editor.force_login(admin_user)
    signed_in = editor.get(page.url)
    assert signed_in["X-Page-Cache"] == "bypass"
    assert "MARQUE-GARDEE" not in signed_in.content.decode()
    assert "Le photolangage" in signed_in.content.decode()


def test_the_kept_block_tag_renders_in_place_outside_the_page_cache():
    from django.template import Context, Template

    template = Template(
        '{% load fragment_tags %}{% kept_block "essai" 7 %}<p>{{ word }}</p>{% endkept_block %}'
    )
    request = RequestFactory().get("/")
    assert template.render(Context({"word": "un", "request": request})) == "<p>un</p>"
    assert template.render(Context({"word": "deux"})) == "<p>deux</p>"


def test_the_route_to_a_page_is_kept_but_never_an_address_leading_nowhere(client, cache_on, tree):
    page = tree["first"]
    _, sql = uncached(client, page.url)
    assert '"url_path" IN' in sql
    _, again = uncached(client, page.url + "?page=2")
    assert '"url_path" IN' not in again  # the page found for the path came from the store
    missing = page.url + "nulle-part/"
    for _ in range(2):
        assert client.get(missing).status_code == 404
    kept_routes = [key for key in caches["pages"]._cache if ":route:" in key]
    assert kept_routes and not any("nulle-part" in key for key in kept_routes)
    # A new slug is a new stamp: the old address leads nowhere, the new one to the page.
    page = page.specific_class.objects.get(pk=page.pk)
    old_url = page.url
    page.slug = "rencontre-de-mars-2026"
    publish(page)
    assert client.get(old_url).status_code == 404
    assert client.get(page.specific_class.objects.get(pk=page.pk).url).status_code == 200

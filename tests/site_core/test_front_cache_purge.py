"""Front caches are purged for the listings a page shows in, not only for the page
(site_core/front_cache.py): a real HTTP server on loopback records the PURGE requests that
wagtail.contrib.frontend_cache's HTTPBackend sends it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from contributions.choices import ReactionStatus
from contributions.models import Reaction
from tests.utils import publish
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)

HOST = "localhost"  # the test site's hostname (SITE_BASE_URL)
SITE_WIDE = {"/flux/site.rss", "/flux/site.atom", "/sitemap.xml"}
NETWORK = {
    "/agenda/",
    "/agenda/rencontres.ics",
    "/decisions/",
    "/decisions/registre.csv",
    "/decisions/registre.ods",
}


@pytest.fixture
def front_cache(settings):
    """A front cache that accepts PURGE on loopback; yields the list of (host, path) purged."""
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield purged
    server.shutdown()
    server.server_close()


def paths(purged) -> list[str]:
    assert {host for host, _path in purged} <= {HOST}
    return [path for _host, path in purged]


@pytest.fixture
def tree(home_page):
    groups = WorkingGroupIndexPageFactory(parent=home_page, slug="groupes-de-travail")
    group = WorkingGroupPageFactory(parent=groups, slug="praxis", title="Pratiques")
    minutes = publish(MeetingMinutesPageFactory(parent=group, slug="rencontre-lyon"))
    return {"groups": groups, "group": group, "minutes": minutes}


GROUP_URLS = {
    "/groupes-de-travail/praxis/",
    "/groupes-de-travail/praxis/comptes-rendus.xml",
    "/groupes-de-travail/praxis/prochaines-rencontres.ics",
    "/groupes-de-travail/praxis/decisions/",
    "/groupes-de-travail/praxis/decisions/registre.csv",
    "/groupes-de-travail/praxis/decisions/registre.ods",
    "/flux/groupes/praxis.rss",
    "/flux/groupes/praxis.atom",
}
LISTINGS_OF_MINUTES = (
    {
        "/",
        "/groupes-de-travail/",
        "/sitemap-meetingminutespage.xml",
        "/flux/types/meetingminutespage.rss",
        "/flux/types/meetingminutespage.atom",
    }
    | SITE_WIDE
    | NETWORK
    | GROUP_URLS
)


@pytest.mark.django_db
class TestPurges:
    def test_publishing_minutes_purges_the_page_and_its_listings_once_each(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        minutes = tree["minutes"]
        minutes.title = "Rencontre de Lyon, revue"
        with django_capture_on_commit_callbacks(execute=True):
            publish(minutes)
        sent = paths(front_cache)
        assert set(sent) == LISTINGS_OF_MINUTES | {minutes.url}
        # One batch: no URL twice (Wagtail's own receivers, page only, are not installed).
        assert len(sent) == len(set(sent))

    def test_nothing_is_sent_before_the_transaction_commits(self, tree, front_cache):
        publish(tree["minutes"])  # the test's transaction is never committed
        assert front_cache == []

    def test_unpublishing_purges_the_page_and_its_listings(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        minutes = tree["minutes"]
        with django_capture_on_commit_callbacks(execute=True):
            minutes.unpublish()
        assert set(paths(front_cache)) == LISTINGS_OF_MINUTES | {minutes.url}

    def test_deleting_a_live_page_purges_where_it_was_listed(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        minutes = tree["minutes"]
        address = minutes.url
        with django_capture_on_commit_callbacks(execute=True):
            minutes.delete()
        assert set(paths(front_cache)) >= {address, "/groupes-de-travail/praxis/", "/"} | NETWORK

    def test_moving_a_page_purges_its_old_and_new_addresses_and_both_parents(
        self, tree, home_page, front_cache, django_capture_on_commit_callbacks
    ):
        other = WorkingGroupPageFactory(parent=tree["groups"], slug="sante", title="Santé")
        minutes = tree["minutes"]
        old_address = minutes.url
        with django_capture_on_commit_callbacks(execute=True):
            minutes.move(other, pos="last-child")
        minutes.refresh_from_db()
        sent = set(paths(front_cache))
        assert old_address in sent  # where readers had it
        assert minutes.url in sent and minutes.url.startswith("/groupes-de-travail/sante/")
        # The listings it left and those it joined.
        assert sent >= GROUP_URLS
        assert {
            "/groupes-de-travail/sante/",
            "/groupes-de-travail/sante/comptes-rendus.xml",
            "/flux/groupes/sante.rss",
        } <= sent

    def test_a_new_slug_purges_the_old_address_and_the_descendants_old_ones(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        group, minutes = tree["group"], tree["minutes"]
        old_minutes = minutes.url
        group.slug = "pratiques"
        with django_capture_on_commit_callbacks(execute=True):
            publish(group)
        minutes.refresh_from_db()
        sent = set(paths(front_cache))
        assert {"/groupes-de-travail/praxis/", "/groupes-de-travail/pratiques/"} <= sent
        assert {old_minutes, minutes.url} <= sent

    def test_a_resource_purges_site_listings_but_no_group_s(
        self, home_page, front_cache, django_capture_on_commit_callbacks
    ):
        resources = ResourceIndexPageFactory(parent=home_page, slug="ressources")
        with django_capture_on_commit_callbacks(execute=True):
            sheet = publish(MethodSheetPageFactory(parent=resources, slug="photolangage"))
        sent = set(paths(front_cache))
        assert (
            sent
            == {
                "/ressources/photolangage/",
                "/ressources/",
                "/",
                "/sitemap-methodsheetpage.xml",
                "/flux/types/methodsheetpage.rss",
                "/flux/types/methodsheetpage.atom",
            }
            | SITE_WIDE
        )
        assert sheet.url in sent

    def test_a_page_purges_the_pages_and_feeds_of_its_themes_and_keywords(
        self, home_page, front_cache, django_capture_on_commit_callbacks
    ):
        from site_core.models import Theme

        theme = Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")
        resources = ResourceIndexPageFactory(parent=home_page, slug="ressources")
        sheet = MethodSheetPageFactory(parent=resources, slug="photolangage")
        sheet.themes.add(theme)
        sheet.keywords.add("sociocratie")
        with django_capture_on_commit_callbacks(execute=True):
            publish(sheet)
        sent = set(paths(front_cache))
        assert {
            "/thematiques/gouvernance/",
            "/flux/thematiques/gouvernance.rss",
            "/flux/thematiques/gouvernance.atom",
            "/mots-cles/sociocratie/",
            "/flux/mots-cles/sociocratie.rss",
            "/flux/mots-cles/sociocratie.atom",
        } <= sent

    def test_approving_a_reaction_purges_the_reacted_page_and_its_listings(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        minutes = tree["minutes"]
        reaction = Reaction.objects.create(page=minutes, author_name="Awa", body="Merci.")
        with django_capture_on_commit_callbacks(execute=True):
            reaction.set_status(ReactionStatus.APPROVED, None)
        assert set(paths(front_cache)) == LISTINGS_OF_MINUTES | {minutes.url}

    def test_a_pending_reaction_purges_nothing(
        self, tree, front_cache, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            Reaction.objects.create(page=tree["minutes"], author_name="Awa", body="Merci.")
        assert front_cache == []


@pytest.mark.django_db
def test_without_a_front_cache_nothing_is_computed(
    tree, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from site_core import front_cache

    settings.WAGTAILFRONTENDCACHE = {}
    with django_assert_num_queries(0), django_capture_on_commit_callbacks() as callbacks:
        front_cache.purge_for_page(tree["minutes"])
    assert callbacks == []

"""One public address: SITE_BASE_URL drives the Site record and every absolute URL, whatever the
Host header of the request."""

import datetime
import re
from xml.etree import ElementTree as ET

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from contributions.models import Reaction
from contributions.notifications import notify_editors
from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
)
from site_core.public_address import absolute, parse_base_url, sync_site
from tests.podcasts.conftest import make_image
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.provisioning import names_for

BASE = "https://maillage.example.org"
OTHER_HOST = "intrus.example"
# Anything that looks like an absolute URL (attributes, XML text, plain text).
URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.\-]+(?::\d+)?[^\s"'<>]*""")
# Foreign URLs a page may legitimately carry: XML namespaces and outside links of the content.
FOREIGN = (
    "http://www.w3.org/",
    "http://www.sitemaps.org/",
    "http://www.itunes.com/",
    "https://podcastindex.org/namespace/",
    "http://purl.org/",
    "https://www.w3.org/",
    "http://www.google.com/schemas/",
    "https://example.org/",
)


def foreign_or_on_base(url):
    return url.startswith(BASE) or url.startswith(FOREIGN)


def assert_one_address(text):
    assert OTHER_HOST not in text
    assert "testserver" not in text
    wrong = sorted({url for url in URL.findall(text) if not foreign_or_on_base(url)})
    assert wrong == []


@pytest.fixture
def public_site(home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    sync_site()
    image = make_image(size=(1600, 900), title="Atelier")
    groups = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=groups, title="Tiers-lieux", short_name="TL")
    minutes = MeetingMinutesPageFactory(parent=group, listing_image=image)
    resources = ResourceIndexPageFactory(parent=home_page)
    sheet = MethodSheetPageFactory(parent=resources, listing_image=image)
    podcasts = PodcastIndexPageFactory(parent=home_page)
    show = PodcastShowPageFactory(
        parent=podcasts, title="Les voix", slug="les-voix", artwork=make_image(title="Pochette")
    )
    episode = PodcastEpisodePageFactory(
        parent=show, title="Premier", published_on=datetime.date(2026, 1, 10), number=1
    )
    yield {"group": group, "minutes": minutes, "sheet": sheet, "show": show, "episode": episode}
    # The Site row is rolled back with the test; Wagtail's cached root paths are not.
    Site.clear_site_root_paths_cache()


def get(client, url):
    response = client.get(url, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.django_db
class TestSiteRecord:
    def test_the_site_follows_scheme_host_and_port(self, home_page, settings):
        settings.WAGTAILADMIN_BASE_URL = "http://maillage.local:8123"
        site = sync_site()
        assert (site.hostname, site.port, site.is_default_site) == ("maillage.local", 8123, True)
        assert site.root_url == "http://maillage.local:8123"
        settings.WAGTAILADMIN_BASE_URL = BASE
        call_command("sync_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port, site.root_url) == ("maillage.example.org", 443, BASE)
        assert Site.objects.count() == 1
        Site.clear_site_root_paths_cache()

    def test_migrations_left_the_test_address(self, home_page):
        site = Site.objects.get(is_default_site=True)
        assert site.root_url == "http://localhost"

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "maillage.example.org",
            "ftp://x.org",
            "https://x.org/sous-dossier",
            "https://x.org:8443",
        ],
    )
    def test_a_malformed_address_is_refused_clearly(self, value):
        with pytest.raises(ImproperlyConfigured, match="SITE_BASE_URL"):
            parse_base_url(value)

    def test_absolute_keeps_object_storage_urls(self, settings):
        settings.WAGTAILADMIN_BASE_URL = BASE
        assert absolute("/media/a.jpg") == f"{BASE}/media/a.jpg"
        assert absolute("https://s3.example.net/b/a.jpg") == "https://s3.example.net/b/a.jpg"
        assert absolute("//cdn.example.net/a.jpg") == "https://cdn.example.net/a.jpg"
        assert absolute("") == ""


@pytest.mark.django_db
class TestEveryAbsoluteUrlIsTheConfiguredAddress:
    def test_pages_carry_canonical_and_complete_social_cards(self, client, public_site):
        for key in ("minutes", "sheet", "show", "episode", "group"):
            page = public_site[key]
            html = get(client, page.url)
            assert_one_address(html)
            assert meta(html, "property", "og:url") == BASE + page.url
            assert f'<link rel="canonical" href="{BASE}{page.url}">' in html
            assert meta(html, "property", "og:locale") == "fr_FR"
            assert meta(html, "property", "og:site_name") == "Maillage"
            assert meta(html, "property", "og:type") == "article"
            if key != "group":
                image = meta(html, "property", "og:image")
                assert image.startswith(f"{BASE}/media/"), key
                assert meta(html, "name", "twitter:image") == image
                assert meta(html, "property", "og:image:width") == "1200"
                assert meta(html, "property", "og:image:height") == "630"
        home = get(client, "/")
        assert_one_address(home)
        assert meta(home, "property", "og:type") == "website"

    def test_sitemap_and_robots(self, client, public_site):
        def locations_in(xml):
            return [
                element.text
                for element in ET.fromstring(xml).iter(  # noqa: S314 (our own sitemap)
                    "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
                )
            ]

        index = get(client, "/sitemap.xml")
        assert_one_address(index)
        sections = locations_in(index)
        assert all(section.startswith(BASE + "/sitemap-") for section in sections)
        locations = []
        for section in sections:
            sitemap = get(client, section.removeprefix(BASE))
            assert_one_address(sitemap)
            locations += locations_in(sitemap)
        assert BASE + public_site["minutes"].url in locations
        assert all(location.startswith(BASE + "/") for location in locations)
        robots = get(client, "/robots.txt")
        assert f"Sitemap: {BASE}/sitemap.xml" in robots

    def test_podcast_feed_and_enclosures(self, client, public_site):
        show = public_site["show"]
        xml = get(client, show.feed_url)
        assert_one_address(xml)
        feed = feedparser.parse(xml)
        assert feed.bozo == 0
        assert feed.feed.link == BASE + show.url
        assert feed.feed.image.href.startswith(f"{BASE}/media/")
        entry = feed.entries[0]
        assert entry.link == BASE + public_site["episode"].url
        assert entry.enclosures[0].href.startswith(f"{BASE}/")

    def test_podcast_guid_does_not_depend_on_the_host(self, client, public_site, settings):
        show = public_site["show"]
        guid = show.podcast_guid
        settings.WAGTAILADMIN_BASE_URL = "https://autre-domaine.example.org"
        sync_site()
        show.refresh_from_db()
        show.save_revision().publish()
        show.refresh_from_db()
        assert show.podcast_guid == guid
        feed = feedparser.parse(
            client.get(show.feed_url, HTTP_HOST="encore-un-autre.example").content
        )
        assert feed.entries[0].id == str(public_site["episode"].guid)

    def test_group_rss(self, client, public_site):
        group = public_site["group"]
        xml = get(client, f"{group.url}comptes-rendus.xml")
        assert_one_address(xml)
        feed = feedparser.parse(xml)
        assert feed.bozo == 0
        assert feed.feed.link == BASE + group.url
        assert feed.entries[0].link == BASE + public_site["minutes"].url

    def test_reaction_email(self, public_site, django_user_model):
        group, minutes = public_site["group"], public_site["minutes"]
        editor = django_user_model.objects.create_user(
            username="editrice", email="editrice@example.org", password="x"
        )
        editor.groups.add(Group.objects.get(name=names_for(group).editors))
        reaction = Reaction.objects.create(page=minutes, author_name="Léa", body="Merci !")
        mail.outbox.clear()
        assert notify_editors(reaction) == 1
        message = mail.outbox[0]
        for text in (message.body, message.alternatives[0][0]):
            assert_one_address(text)
            assert BASE + minutes.url in text
            assert f"{BASE}/admin/" in text

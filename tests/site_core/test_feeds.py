"""Feeds of every listing: feedparser reads them (bozo 0), Atom is structurally valid (RFC 4287),
drafts and private pages stay out, and conditional GET answers 304."""

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from tests.follow_corpus import build_corpus
from tests.utils import publish

ATOM = "{http://www.w3.org/2005/Atom}"
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def corpus(home_page):
    return build_corpus(home_page)


def feed_urls(corpus, fmt):
    slug = {"fmt": fmt}
    return {
        "site": reverse("site_core:feed_site", kwargs=slug),
        "minutes": reverse("site_core:feed_type", kwargs={**slug, "slug": "meetingminutespage"}),
        "group": reverse("site_core:feed_group", kwargs={**slug, "slug": "tiers-lieux"}),
        "theme": reverse("site_core:feed_theme", kwargs={**slug, "slug": "ess"}),
        "keyword": reverse("site_core:feed_keyword", kwargs={**slug, "slug": "gouvernance"}),
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def check_atom(content: bytes):
    """The RFC 4287 rules a reader relies on, checked on the raw XML."""
    root = ET.fromstring(content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert RFC_3339.match(root.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://localhost/")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert RFC_3339.match(entry.find(f"{ATOM}updated").text)
        assert RFC_3339.match(entry.find(f"{ATOM}published").text)
        alternate = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(alternate) == 1 and alternate[0].get("href").startswith("http://localhost/")
        for enclosure in entry.findall(f"{ATOM}link[@rel='enclosure']"):
            assert enclosure.get("href").startswith("http://localhost/")
            assert enclosure.get("type") and int(enclosure.get("length")) > 0
        for category in entry.findall(f"{ATOM}category"):
            assert category.get("term")


def test_every_feed_parses_and_lists_only_live_public_pages(client, corpus):
    expected = {
        "site": [
            "Coopérer sans s'épuiser",
            "Livre blanc des coopérations",
            "Le brise-glace des tiers-lieux",
            "Troisième rencontre",
            "Rencontre des cantines",
        ],
        "minutes": ["Troisième rencontre", "Rencontre des cantines"],
        "group": ["Le brise-glace des tiers-lieux", "Troisième rencontre"],
        "theme": ["Coopérer sans s'épuiser", "Troisième rencontre", "Rencontre des cantines"],
        "keyword": ["Livre blanc des coopérations", "Troisième rencontre"],
    }
    for fmt in ("rss", "atom"):
        for name, url in feed_urls(corpus, fmt).items():
            response, parsed = parse(client, url)
            found = titles(parsed)
            if name == "site":  # groups, shows… are listable too: keep the content types
                found = [title for title in found if title in expected["site"]]
            assert found == expected[name], (fmt, name)
            assert "Brouillon secret" not in titles(parsed)
            assert "Fiche réservée aux membres" not in titles(parsed)
            assert parsed.feed.link.startswith("http://localhost/")
            if fmt == "atom":
                assert response["Content-Type"].startswith("application/atom+xml")
                check_atom(response.content)
            else:
                assert response["Content-Type"].startswith("application/rss+xml")
            assert "max-age=" in response["Cache-Control"]


def test_items_have_absolute_url_guid_date_summary_categories_enclosure(client, corpus):
    minutes, episode, paper = corpus["minutes"], corpus["episode"], corpus["paper"]
    _, rss = parse(client, feed_urls(corpus, "rss")["site"])
    _, atom = parse(client, feed_urls(corpus, "atom")["site"])
    for parsed in (rss, atom):
        entries = {entry.title: entry for entry in parsed.entries}
        item = entries["Troisième rencontre"]
        assert item.link == minutes.get_full_url() == f"http://localhost{minutes.url}"
        assert item.id == f"urn:uuid:{minutes.translation_key}"
        assert item.published_parsed[:3] == (2026, 3, 10)
        assert item.summary == "Ce que nous avons partagé et décidé."
        assert {tag.term for tag in item.tags} == {"Économie sociale et solidaire", "gouvernance"}
        assert item.enclosures[0].href == f"http://localhost{corpus['pdf'].url}"
        assert item.enclosures[0].type == "application/pdf"
        assert int(item.enclosures[0].length) == corpus["pdf"].get_file_size() > 0
        audio = entries["Coopérer sans s'épuiser"].enclosures[0]
        assert audio.href == f"http://localhost{episode.audio_url}"
        assert audio.type.startswith("audio/") and int(audio.length) == episode.audio_size
        assert entries["Livre blanc des coopérations"].enclosures[0].href.endswith(".pdf")
        assert paper.pdf.get_file_size() > 0


def test_guid_survives_a_rename_and_a_move(client, corpus):
    minutes = corpus["minutes"]
    before = {e.link: e.id for e in parse(client, feed_urls(corpus, "rss")["minutes"])[1].entries}
    minutes.title, minutes.slug = "Troisième rencontre (corrigée)", "troisieme-rencontre-corrigee"
    publish(minutes)
    _, parsed = parse(client, feed_urls(corpus, "rss")["minutes"])
    entry = next(e for e in parsed.entries if e.title.endswith("(corrigée)"))
    assert entry.id in before.values() and entry.link not in before


def test_conditional_get_answers_304_and_changes_on_publish(client, corpus):
    url = feed_urls(corpus, "atom")["theme"]
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    publish(corpus["minutes"])
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_unknown_targets_and_formats_are_404(client, corpus):
    for url in (
        "/flux/groupes/inconnu.rss",
        "/flux/thematiques/inconnue.atom",
        "/flux/mots-cles/inconnu.rss",
        "/flux/types/page.rss",
        "/flux/site.json",
    ):
        assert client.get(url).status_code == 404, url
    # A private or draft group has no feed.
    assert client.get("/flux/groupes/brouillon-secret.rss").status_code == 404
    assert client.post(feed_urls(corpus, "rss")["site"]).status_code == 405


def test_listing_pages_link_their_feeds_and_show_subscribe(client, corpus):
    pages = {
        "/": "/flux/site.rss",
        corpus["group"].url: "/flux/groupes/tiers-lieux.rss",
        corpus["resources"].url: "/flux/types/methodsheetpage.rss",
        corpus["podcasts"].url: "/flux/types/podcastepisodepage.rss",
        "/thematiques/ess/": "/flux/thematiques/ess.rss",
        "/mots-cles/gouvernance/": "/flux/mots-cles/gouvernance.rss",
    }
    for url, feed in pages.items():
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html, url
        assert f'href="{feed}"' in html, url
        assert f'href="{feed[:-4]}.atom"' in html, url
        assert "S’abonner" in html, url
    # A content page is not a listing: no follow box.
    assert "follow-box" not in client.get(corpus["minutes"].url).content.decode()

import datetime
import io
import re
import uuid
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

import feedparser
import podcastparser
import pytest
from django.urls import reverse
from PIL import Image as PILImage

from podcasts.factories import PodcastEpisodePageFactory, make_audio_media
from podcasts.models import EpisodeChapter, EpisodeGuest
from tests.podcasts.conftest import VTT, make_document, make_image
from tests.utils import make_private, publish

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 (our own feed, in a test)


RFC_2822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


@pytest.fixture
def episodes(show):
    first = PodcastEpisodePageFactory(
        parent=show, title="Premier épisode", published_on=datetime.date(2026, 1, 10), number=1
    )
    second = PodcastEpisodePageFactory(
        parent=show,
        title="Deuxième épisode",
        published_on=datetime.date(2026, 2, 10),
        number=2,
        transcript="Bonjour à toutes et à tous.",
    )
    EpisodeChapter.objects.create(episode=second, start_seconds=0, title="Ouverture", sort_order=0)
    EpisodeChapter.objects.create(episode=second, start_seconds=1, title="Le débat", sort_order=1)
    EpisodeGuest.objects.create(episode=second, name="Aurélie Mas", role="guest", sort_order=0)
    EpisodeGuest.objects.create(
        episode=second, name="Nadia Benali", role="host", url="https://example.org/nb", sort_order=1
    )
    publish(second)
    draft = PodcastEpisodePageFactory(parent=show, title="Brouillon", number=3)
    draft.unpublish()
    private = PodcastEpisodePageFactory(parent=show, title="Réservé aux membres", number=4)
    make_private(private)
    return {"first": first, "second": second}


def get_feed(client, show, **headers):
    return client.get(reverse("podcasts:feed", kwargs={"show_slug": show.slug}), **headers)


@pytest.mark.django_db
class TestPodcastFeed:
    def test_feed_parses_with_two_parsers_and_lists_live_public_episodes_newest_first(
        self, client, show, episodes
    ):
        response = get_feed(client, show)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "rss20"
        assert [entry.title for entry in parsed.entries] == ["Deuxième épisode", "Premier épisode"]
        strict = podcastparser.parse(
            "http://localhost/podcasts/les-voix/feed.xml", io.BytesIO(response.content)
        )
        assert [episode["title"] for episode in strict["episodes"]] == [
            "Deuxième épisode",
            "Premier épisode",
        ]
        assert "Brouillon" not in response.content.decode()
        assert "Réservé aux membres" not in response.content.decode()

    def test_channel_tags(self, client, show, episodes):
        content = get_feed(client, show).content
        strict = podcastparser.parse("http://localhost/feed.xml", io.BytesIO(content))
        assert strict["title"] == "Les voix du Maillage"
        assert strict["link"] == "http://localhost/podcasts/les-voix/"
        assert strict["description"] == "Les voix des réseaux de l'ESS."
        assert strict["language"] == "fr"
        assert strict["itunes_author"] == "Réseau Maillage"
        assert strict["itunes_owner"] == {
            "name": "Comité éditorial",
            "email": "podcast@example.org",
        }
        assert strict["itunes_categories"] == [["Society & Culture"]]  # the `text` attribute
        assert strict["explicit"] is False
        channel = parse_xml(content).find("channel")
        assert channel.find("itunes:explicit", NS).text == "false"
        locked = channel.find("podcast:locked", NS)
        assert (locked.text, locked.get("owner")) == ("yes", "podcast@example.org")
        assert channel.find("podcast:guid", NS).text == str(show.podcast_guid)
        assert channel.find("atom:link", NS).get("href") == (
            "http://localhost/podcasts/les-voix/feed.xml"
        )

    def test_artwork_is_announced_as_an_absolute_square_jpeg(self, client, show, episodes):
        show.artwork = make_image((1600, 1600), "PNG")
        publish(show)
        content = get_feed(client, show).content
        href = parse_xml(content).find("channel/itunes:image", NS).get("href")
        strict = podcastparser.parse("http://localhost/feed.xml", io.BytesIO(content))
        assert strict["cover_url"] == href
        assert href.startswith("http://localhost/") and href.endswith(".jpg")
        rendition = show.artwork.get_rendition("original|format-jpeg")
        with rendition.file.open("rb") as handle, PILImage.open(handle) as picture:
            assert (picture.format, picture.size) == ("JPEG", (1600, 1600))

    def test_item_tags_and_enclosure_match_the_file(self, client, show, episodes):
        second = episodes["second"]
        content = get_feed(client, show).content
        strict = podcastparser.parse("http://localhost/feed.xml", io.BytesIO(content))
        item = strict["episodes"][0]
        size = second.audio.file.size
        assert item["enclosures"] == [
            {
                "url": f"http://localhost/audio/{second.audio.pk}/{second.audio.filename}",
                "file_size": size,
                "mime_type": "audio/wav",
            }
        ]
        assert item["enclosures"][0]["url"].endswith(".wav")
        assert item["guid"] == str(second.guid)
        assert item["link"] == "http://localhost/podcasts/les-voix/deuxieme-episode/"
        assert (item["total_time"], item["number"], item["season"], item["type"]) == (
            2,
            2,
            1,
            "full",
        )
        element = parse_xml(content).find("channel/item")
        assert element.find("guid").get("isPermaLink") == "false"
        pub_date = element.find("pubDate").text
        assert RFC_2822.match(pub_date), pub_date
        assert parsedate_to_datetime(pub_date).date() == datetime.date(2026, 2, 10)
        assert element.find("itunes:duration", NS).text == "00:00:02"
        assert element.find("itunes:episode", NS).text == "2"
        assert element.find("itunes:season", NS).text == "1"
        assert element.find("itunes:episodeType", NS).text == "full"

        chapters_url = reverse(
            "podcasts:chapters", kwargs={"show_slug": show.slug, "episode_id": second.pk}
        )
        chapters = element.find("podcast:chapters", NS)
        assert chapters.get("url") == f"http://localhost{chapters_url}"
        assert chapters.get("type") == "application/json+chapters"
        [transcript] = element.findall("podcast:transcript", NS)
        assert transcript.get("url") == (
            "http://localhost/podcasts/les-voix/deuxieme-episode/#transcription"
        )
        assert transcript.get("type") == "text/html"
        persons = [
            (person.text, person.get("role"), person.get("href"))
            for person in element.findall("podcast:person", NS)
        ]
        assert persons == [
            ("Aurélie Mas", "guest", None),
            ("Nadia Benali", "host", "https://example.org/nb"),
        ]
        document = client.get(chapters_url)
        assert document["Content-Type"].startswith("application/json+chapters")
        assert document.json()["version"] == "1.2.0"
        assert document.json()["chapters"] == [
            {"startTime": 0, "title": "Ouverture"},
            {"startTime": 1, "title": "Le débat"},
        ]
        # The first episode has no chapters, transcript or guests: no empty tags.
        first = parse_xml(content).findall("channel/item")[1]
        assert first.find("podcast:chapters", NS) is None
        assert first.find("podcast:transcript", NS) is None

    def test_subtitles_file_is_announced_as_captions(self, client, show, episodes):
        second = episodes["second"]
        second.transcript_file = make_document("sous-titres.vtt", VTT)
        publish(second)
        element = parse_xml(get_feed(client, show).content).find("channel/item")
        kinds = {t.get("type"): t for t in element.findall("podcast:transcript", NS)}
        assert set(kinds) == {"text/vtt", "text/html"}
        assert kinds["text/vtt"].get("rel") == "captions"
        assert kinds["text/vtt"].get("url") == f"http://localhost{second.transcript_file.url}"

    def test_guid_and_date_survive_an_edit(self, client, show, episodes):
        second = episodes["second"]
        before = feedparser.parse(get_feed(client, show).content).entries[0]
        second.title = "Deuxième épisode (titre corrigé)"
        second.slug = "deuxieme-episode-corrige"
        second.audio = make_audio_media(title="Nouveau montage", seconds=3.0)
        publish(second)
        after = feedparser.parse(get_feed(client, show).content).entries[0]
        assert after.title == "Deuxième épisode (titre corrigé)"
        assert after.id == before.id == str(second.guid)
        assert after.published == before.published
        assert int(after.enclosures[0].length) == second.audio.file.size != 0

    def test_show_guid_is_a_uuid5_and_stable(self, show):
        guid = show.podcast_guid
        assert guid.version == 5
        # The Podcasting 2.0 rule: UUIDv5 of the feed URL without its scheme.
        assert guid == uuid.uuid5(
            uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
            "localhost/podcasts/les-voix/feed.xml",
        )
        show.title = "Nouveau nom"
        show.slug = "nouveau-nom"
        publish(show)
        show.refresh_from_db()
        assert show.podcast_guid == guid

    def test_conditional_get_answers_304(self, client, show, episodes):
        publish(show)  # as in the admin: a live show has a publication date
        first = get_feed(client, show)
        etag, modified = first["ETag"], first["Last-Modified"]
        not_modified = get_feed(client, show, HTTP_IF_NONE_MATCH=etag)
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert get_feed(client, show, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        publish(episodes["first"])
        assert get_feed(client, show, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_last_modified_is_the_newest_publication_not_now(self, client, show, episodes):
        # A show without a publication date of its own once answered "now", which changed
        # between two requests, so a reader's If-Modified-Since got a 200.
        show.last_published_at = show.latest_revision_created_at = None
        show.save()
        first, second = get_feed(client, show), get_feed(client, show)
        assert first["Last-Modified"] == second["Last-Modified"]
        newest = max(page.last_published_at for page in episodes.values() if page.last_published_at)
        assert parsedate_to_datetime(first["Last-Modified"]) == newest.replace(microsecond=0)

    def test_query_count_does_not_grow_with_episodes(
        self, client, show, episodes, django_assert_max_num_queries
    ):
        get_feed(client, show)
        with django_assert_max_num_queries(30) as few:
            get_feed(client, show)
        for number in range(5, 11):
            episode = PodcastEpisodePageFactory(parent=show, number=number, transcript="Texte.")
            EpisodeChapter.objects.create(episode=episode, start_seconds=0, title="Début")
            EpisodeGuest.objects.create(episode=episode, name="Invitée", role="guest")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = get_feed(client, show)
        assert len(feedparser.parse(response.content).entries) == 8

    def test_unknown_show_is_404(self, client, show):
        url = reverse("podcasts:feed", kwargs={"show_slug": "inconnue"})
        assert client.get(url).status_code == 404

import datetime

import feedparser
import podcastparser
import pytest
from django.urls import reverse

from podcasts.factories import PodcastEpisodePageFactory
from podcasts.models import EpisodeChapter, EpisodeGuest
from tests.utils import make_private, publish


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
    publish(second)
    draft = PodcastEpisodePageFactory(parent=show, title="Brouillon", number=3)
    draft.unpublish()
    private = PodcastEpisodePageFactory(parent=show, title="Réservé aux membres", number=4)
    make_private(private)
    return {"first": first, "second": second}


@pytest.mark.django_db
class TestPodcastFeed:
    def get_feed(self, client, show, **headers):
        return client.get(reverse("podcasts:feed", kwargs={"show_slug": show.slug}), **headers)

    def test_feed_parses_with_two_parsers_and_lists_live_public_episodes_newest_first(
        self, client, show, episodes
    ):
        response = self.get_feed(client, show)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert [entry.title for entry in parsed.entries] == ["Deuxième épisode", "Premier épisode"]
        strict = podcastparser.parse(
            "http://testserver/feed.xml", __import__("io").BytesIO(response.content)
        )
        assert [episode["title"] for episode in strict["episodes"]] == [
            "Deuxième épisode",
            "Premier épisode",
        ]
        assert (
            strict["episodes"][0]["enclosures"][0]["file_size"]
            == episodes["second"].audio.file.size
        )

    def test_channel_tags(self, client, show, episodes):
        xml = self.get_feed(client, show).content.decode()
        parsed = feedparser.parse(xml).feed
        assert parsed.title == "Les voix du Maillage"
        assert parsed.language == "fr"
        assert "<itunes:author>Réseau Maillage</itunes:author>" in xml
        assert parsed.publisher_detail.email == "podcast@example.org"
        assert parsed.tags[0].term == "Society & Culture"
        for tag in (
            "<itunes:owner>",
            "<itunes:name>Comité éditorial</itunes:name>",
            "<itunes:explicit>false</itunes:explicit>",
            '<podcast:locked owner="podcast@example.org">yes</podcast:locked>',
            f"<podcast:guid>{show.podcast_guid}</podcast:guid>",
            "<description>Les voix des réseaux de l'ESS.</description>",
            "<link>http://testserver/podcasts/les-voix/</link>",
        ):
            assert tag in xml

    def test_item_tags_and_enclosure_match_the_file(self, client, show, episodes):
        second = episodes["second"]
        xml = self.get_feed(client, show).content.decode()
        entry = feedparser.parse(xml).entries[0]
        enclosure = entry.enclosures[0]
        assert (
            enclosure.href == f"http://testserver/audio/{second.audio.pk}/{second.audio.filename}"
        )
        assert enclosure.href.endswith(".wav")
        assert int(enclosure.length) == second.audio.file.size
        assert enclosure.type == "audio/wav"
        assert entry.id == str(second.guid)
        assert entry.published.startswith("Tue, 10 Feb 2026")
        assert entry.itunes_duration == "00:00:02"
        assert entry.itunes_episode == "2"
        assert entry.itunes_season == "1"
        assert entry.itunes_episodetype == "full"
        chapters_url = reverse(
            "podcasts:chapters", kwargs={"show_slug": show.slug, "episode_id": second.pk}
        )
        assert (
            f'<podcast:chapters url="http://testserver{chapters_url}" type="application/json+chapters"'
            in xml
        )
        assert (
            '<podcast:transcript url="http://testserver/podcasts/les-voix/deuxieme-episode/#transcription"'
            in xml
        )
        assert '<podcast:person role="guest">Aurélie Mas</podcast:person>' in xml
        chapters = client.get(chapters_url)
        assert chapters["Content-Type"].startswith("application/json+chapters")
        assert chapters.json()["chapters"] == [
            {"startTime": 0, "title": "Ouverture"},
            {"startTime": 1, "title": "Le débat"},
        ]

    def test_guid_survives_an_edit(self, client, show, episodes):
        second = episodes["second"]
        before = feedparser.parse(self.get_feed(client, show).content).entries[0].id
        second.title = "Deuxième épisode (titre corrigé)"
        second.slug = "deuxieme-episode-corrige"
        publish(second)
        after = feedparser.parse(self.get_feed(client, show).content).entries[0]
        assert after.title == "Deuxième épisode (titre corrigé)"
        assert after.id == before

    def test_show_guid_is_stable(self, show):
        guid = show.podcast_guid
        show.title = "Nouveau nom"
        publish(show)
        show.refresh_from_db()
        assert show.podcast_guid == guid

    def test_conditional_get_answers_304(self, client, show, episodes):
        first = self.get_feed(client, show)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert self.get_feed(client, show, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert self.get_feed(client, show, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        publish(episodes["first"])
        assert self.get_feed(client, show, HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_unknown_show_is_404(self, client, show):
        assert (
            client.get(reverse("podcasts:feed", kwargs={"show_slug": "inconnue"})).status_code
            == 404
        )

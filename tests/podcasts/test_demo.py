import io

import feedparser
import pytest
from django.core.management import call_command

from podcasts.audio import read_audio_facts
from podcasts.models import PodcastEpisodePage, PodcastIndexPage, PodcastShowPage
from podcasts.transcripts import check_subtitles, read_subtitles


@pytest.mark.django_db
class TestDemoContent:
    def test_a_show_a_podcast_app_can_subscribe_to_woven_into_the_knowledge_base(
        self, client, home_page
    ):
        call_command("load_demo_content", stdout=io.StringIO())

        index = PodcastIndexPage.objects.get()
        assert index.slug == "podcasts" and index.show_in_menus
        show = PodcastShowPage.objects.child_of(index).live().get()
        assert show.artwork.width == show.artwork.height == 1400
        feed = feedparser.parse(client.get(f"/podcasts/{show.slug}/feed.xml").content)
        assert feed.bozo == 0
        episodes = list(PodcastEpisodePage.objects.child_of(show).live())
        assert len(feed.entries) == len(episodes) >= 3

        linked_types = set()
        for entry in feed.entries:
            episode = next(e for e in episodes if str(e.guid) == entry.id)
            enclosure = entry.enclosures[0]
            assert enclosure.href.endswith(".mp3") and enclosure.type == "audio/mpeg"
            path = enclosure.href.removeprefix("http://localhost")
            audio = client.get(path, HTTP_RANGE="bytes=100-199")
            assert audio.status_code == 206
            assert int(enclosure.length) == int(audio["Content-Range"].rsplit("/", 1)[1])
            with episode.audio.file.open("rb") as handle:
                facts = read_audio_facts(handle, episode.audio.filename)
            assert int(enclosure.length) == facts.size and facts.duration > 5
            chapters = list(episode.chapters.all())
            assert len(chapters) >= 2 and all(c.start_seconds < facts.duration for c in chapters)
            assert episode.transcript and episode.guests.exists()
            if episode.transcript_file is not None:
                check_subtitles(
                    episode.transcript_file.filename, read_subtitles(episode.transcript_file)
                )

            further = episode.live_further_pages()
            assert further, episode.title
            for page in further:
                linked_types.add(page.content_type.model)
                back = client.get(page.url).content.decode()
                assert "Écouter aussi" in back and f'href="{episode.url}"' in back
        assert {"meetingminutespage", "methodsheetpage", "whitepaperpage"} <= linked_types
        assert any(e.transcript_file is not None for e in episodes)

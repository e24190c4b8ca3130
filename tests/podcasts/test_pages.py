import pytest

from podcasts.factories import PodcastEpisodePageFactory
from podcasts.models import (
    EpisodeChapter,
    EpisodeFurtherLink,
    EpisodeGuest,
    PodcastEpisodePage,
    PodcastShowPage,
)
from site_core.models import StandardPage
from tests.utils import add_child, make_private, publish


@pytest.mark.django_db
class TestEpisodePage:
    def test_player_chapters_transcript_and_guests(self, client, show):
        episode = PodcastEpisodePageFactory(
            parent=show,
            title="Salarié et associé",
            transcript="Première ligne.\n\nDeuxième paragraphe.",
        )
        EpisodeChapter.objects.create(
            episode=episode, start_seconds=65, title="Les signaux", sort_order=0
        )
        EpisodeGuest.objects.create(
            episode=episode, name="Camille Roux", organisation="SCOP", sort_order=0
        )
        EpisodeGuest.objects.create(
            episode=episode, name="Nadia <b>Benali</b>", role="host", sort_order=1
        )
        publish(episode)
        html = client.get(episode.url).content.decode()
        assert '<audio id="episode-audio" controls preload="metadata">' in html
        assert f'<source src="{episode.audio_url}" type="audio/wav">' in html
        assert f'href="{episode.audio_url}" download' in html
        assert f'href="{episode.audio_url}#t=65" data-seek="65"' in html
        assert "00:01:05" in html
        assert "<p>Deuxième paragraphe.</p>" in html
        assert "Transcription" in html
        assert "Animé par Nadia &lt;b&gt;Benali&lt;/b&gt;</p>" in html  # escaped, in the header
        guests = html.split('id="guests-title"')[1].split("</section>")[0]
        assert "Camille Roux (SCOP)" in guests and "Nadia" not in guests

    def test_going_further_links_show_both_ways_and_respect_publication(
        self, client, home_page, show
    ):
        target = add_child(home_page, StandardPage(title="Compte-rendu cité", slug="cite"))
        episode = PodcastEpisodePageFactory(parent=show, title="Épisode qui cite")
        EpisodeFurtherLink.objects.create(episode=episode, page=target, sort_order=0)
        publish(episode)
        assert f'href="{target.url}"' in client.get(episode.url).content.decode()
        target_html = client.get(target.url).content.decode()
        assert "Écouter aussi" in target_html and f'href="{episode.url}"' in target_html
        make_private(episode)
        assert "Écouter aussi" not in client.get(target.url).content.decode()

    def test_show_page_lists_live_episodes_in_a_fixed_number_of_queries(
        self, client, show, django_assert_max_num_queries
    ):
        for _ in range(3):
            PodcastEpisodePageFactory(parent=show)
        client.get(show.url)
        with django_assert_max_num_queries(40) as few:
            client.get(show.url)
        for _ in range(8):
            PodcastEpisodePageFactory(parent=show)
        draft = PodcastEpisodePageFactory(parent=show, title="Brouillon caché")
        draft.unpublish()
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(show.url)
        html = response.content.decode()
        assert "Brouillon caché" not in html
        assert len(response.context["episodes"]) == 10
        assert "S&#x27;abonner" in html or "S'abonner" in html

    def test_index_lists_live_public_shows_with_their_feed(self, client, show):
        index = show.get_parent()
        hidden = PodcastShowPage(
            title="Émission réservée",
            slug="reservee",
            description="…",
            author="A",
            owner_name="B",
            owner_email="b@example.org",
        )
        add_child(index, hidden)
        make_private(hidden)
        html = client.get(index.url).content.decode()
        assert f'href="{show.url}"' in html and 'href="/podcasts/les-voix/feed.xml"' in html
        assert "Émission réservée" not in html
        show_html = client.get(show.url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in show_html
        assert client.get("/podcasts/reservee/feed.xml").status_code == 404

    def test_creation_rules(self, show, home_page):
        assert PodcastEpisodePage.can_create_at(show)
        assert not PodcastEpisodePage.can_create_at(home_page)
        assert not PodcastShowPage.can_create_at(home_page)

    def test_transcript_is_a_search_attachment(self, show):
        episode = PodcastEpisodePageFactory(parent=show, transcript="La coopération se vit.")
        [attachment] = episode.get_search_attachments()
        assert attachment.kind == "transcript"
        assert attachment.text == "La coopération se vit."

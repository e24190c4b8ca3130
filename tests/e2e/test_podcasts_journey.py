import pytest

from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
)
from podcasts.models import EpisodeChapter
from tests.utils import assert_no_axe_violations, publish


@pytest.mark.browser
def test_listener_plays_an_episode_and_seeks_by_chapter(
    page, live_server, transactional_db, home_page
):
    index = PodcastIndexPageFactory(parent=home_page)
    show = PodcastShowPageFactory(parent=index, title="Les voix du Maillage", slug="les-voix")
    from podcasts.factories import make_audio_media

    episode = PodcastEpisodePageFactory(
        parent=show,
        title="Coopérer sur un territoire",
        audio=make_audio_media(seconds=12.0),
        audio_duration=12.0,
        transcript="Bienvenue dans ce troisième épisode.",
    )
    EpisodeChapter.objects.create(
        episode=episode, start_seconds=0, title="Introduction", sort_order=0
    )
    EpisodeChapter.objects.create(
        episode=episode, start_seconds=7, title="La carte des acteurs", sort_order=1
    )
    publish(episode)

    page.goto(live_server.url + show.url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Coopérer sur un territoire").click()
    page.wait_for_url(f"**{episode.url}")

    audio = page.locator("audio#episode-audio")
    assert audio.count() == 1
    page.wait_for_function("document.getElementById('episode-audio').readyState >= 1")
    assert page.evaluate("document.getElementById('episode-audio').duration") == pytest.approx(
        12.0, abs=0.2
    )
    page.get_by_role("link", name="La carte des acteurs").click()
    page.wait_for_function("document.getElementById('episode-audio').currentTime >= 6.9")
    assert (
        page.get_by_role("region", name="Transcription")
        .inner_text()
        .count("Bienvenue dans ce troisième épisode.")
        == 1
    )
    assert_no_axe_violations(page)

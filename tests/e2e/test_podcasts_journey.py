import pytest

from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
)
from podcasts.models import EpisodeChapter, EpisodeGuest
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
    EpisodeGuest.objects.create(episode=episode, name="Nadia Benali", role="host", sort_order=0)
    EpisodeGuest.objects.create(
        episode=episode, name="Samuel Girard", organisation="Loire-Layon", sort_order=1
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
    chapter = page.get_by_role("link", name="La carte des acteurs")
    assert chapter.get_attribute("href").endswith("#t=7")  # seeks without JavaScript too
    chapter.click()
    page.wait_for_function("document.getElementById('episode-audio').currentTime >= 6.9")
    assert page.url.endswith(episode.url)  # the script seeks in place, the page stays
    assert "Samuel Girard (Loire-Layon)" in page.get_by_role("region", name="Invités").inner_text()
    assert (
        page.get_by_role("region", name="Transcription")
        .inner_text()
        .count("Bienvenue dans ce troisième épisode.")
        == 1
    )
    assert_no_axe_violations(page)


@pytest.mark.browser
def test_without_javascript_a_chapter_link_opens_the_audio_at_its_time(
    browser, live_server, transactional_db, home_page
):
    from podcasts.factories import make_audio_media

    index = PodcastIndexPageFactory(parent=home_page)
    show = PodcastShowPageFactory(parent=index, title="Les voix du Maillage", slug="les-voix")
    episode = PodcastEpisodePageFactory(
        parent=show, title="Sans script", audio=make_audio_media(seconds=12.0), audio_duration=12.0
    )
    EpisodeChapter.objects.create(episode=episode, start_seconds=7, title="Le cœur du sujet")
    publish(episode)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + episode.url)
        page.get_by_role("link", name="Le cœur du sujet").click()
        page.wait_for_url(f"**{episode.audio_url}#t=7")
        page.wait_for_function("document.querySelector('video, audio').readyState >= 1")
        assert page.evaluate("document.querySelector('video, audio').currentTime") >= 6.9
    finally:
        context.close()

import pytest

from podcasts.factories import PodcastIndexPageFactory, PodcastShowPageFactory


@pytest.fixture
def show(home_page):
    index = PodcastIndexPageFactory(parent=home_page)
    return PodcastShowPageFactory(parent=index, title="Les voix du Maillage", slug="les-voix")

import pytest

from articles.factories import ResourceIndexPageFactory


@pytest.fixture
def resources(home_page):
    return ResourceIndexPageFactory(parent=home_page)

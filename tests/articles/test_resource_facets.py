"""Resources index: keyword and theme lists keep only values with results under the other active
filters, each with its count; the active filters are listed and removable."""

import re

import pytest

from articles.factories import MethodSheetPageFactory, WhitePaperPageFactory
from site_core.models import Theme
from tests.utils import publish


def listed(html, kind):
    return re.findall(
        rf'href="\?[^"]*{kind}=[^"]*"[^>]*>([^<]*?) <span class="filter-count">\((\d+)\)', html
    )


@pytest.mark.django_db
def test_lists_narrow_to_what_the_other_filters_allow(client, resources):
    popular = Theme.objects.create(name="Éducation populaire")
    health = Theme.objects.create(name="Santé au travail")
    for title, theme, keywords, factory in (
        ("Forum", popular, ["théâtre", "évaluation"], MethodSheetPageFactory),
        ("Usure", health, ["TMS", "évaluation"], WhitePaperPageFactory),
        ("Récits", popular, ["récit"], MethodSheetPageFactory),
    ):
        page = factory(parent=resources, title=title)
        page.themes = [theme]
        page.keywords.add(*keywords)
        publish(page)

    html = client.get(resources.url).content.decode()
    assert listed(html, "keyword") == [
        ("évaluation", "2"),
        ("récit", "1"),
        ("théâtre", "1"),
        ("TMS", "1"),
    ]
    assert listed(html, "theme") == [("Éducation populaire", "2"), ("Santé au travail", "1")]

    html = client.get(resources.url, {"theme": popular.slug}).content.decode()
    assert listed(html, "keyword") == [("évaluation", "1"), ("récit", "1"), ("théâtre", "1")]
    assert 'aria-labelledby="active-filters-title"' in html
    assert re.search(r'<a href="\?">Éducation populaire <span class="visually-hidden">', html)

    html = client.get(resources.url, {"type": "livre-blanc"}).content.decode()
    assert listed(html, "theme") == [("Santé au travail", "1")]

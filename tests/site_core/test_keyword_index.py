"""The keyword index: French alphabetical order (accents and case aside) and page counts."""

import re

import pytest

from site_core.listing import french_sort_key
from site_core.models import StandardPage
from tests.utils import add_child, make_private


def test_french_sort_key_puts_accents_and_acronyms_in_their_letter():
    words = ["évaluation", "SCOP", "accompagnement", "Économie", "ecole", "TMS", "œuvre", "zèbre"]
    assert sorted(words, key=french_sort_key) == [
        "accompagnement",
        "ecole",
        "Économie",
        "évaluation",
        "œuvre",
        "SCOP",
        "TMS",
        "zèbre",
    ]


@pytest.mark.django_db
def test_index_lists_keywords_in_french_order_with_their_public_page_counts(client, home_page):
    pages = []
    for slug, keywords in (
        ("un", ["évaluation", "SCOP"]),
        ("deux", ["évaluation", "accompagnement"]),
        ("trois", ["zèbre"]),
    ):
        page = StandardPage(title=slug, slug=slug)
        page.keywords.add(*keywords)
        pages.append(add_child(home_page, page))
    secret = StandardPage(title="secret", slug="secret")
    secret.keywords.add("évaluation", "caché")
    make_private(add_child(home_page, secret))

    html = client.get("/mots-cles/").content.decode()

    listed = re.findall(
        r'class="tag" href="[^"]*">([^<]*?) <span class="tag__count">\((\d+)\)', html
    )
    assert listed == [("accompagnement", "1"), ("évaluation", "2"), ("SCOP", "1"), ("zèbre", "1")]

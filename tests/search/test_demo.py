"""search/demo.py: editors' picks for the demo and an index rebuilt from the pages."""

import pytest
from wagtail.contrib.search_promotions.models import SearchPromotion

from search import demo
from search.service import run_search
from site_core.demo_tools import DemoContext


@pytest.mark.django_db
class TestSearchDemo:
    def test_load_adds_picks_and_rebuilds_the_index_idempotently(self, engine, make_page):
        about = make_page("À propos", "Maillage relie les réseaux de l'ESS.")
        about.slug = "a-propos"
        about.save()
        engine.clear()
        ctx = DemoContext()
        demo.load(ctx)
        assert SearchPromotion.objects.filter(query__query_string="maillage", page=about).exists()
        assert run_search({"q": "reseaux"}).response.total == 1
        picks = SearchPromotion.objects.count()
        demo.load(DemoContext())
        assert SearchPromotion.objects.count() == picks
        outcome = run_search({"q": "Maillage"})
        assert [pick.page.pk for pick in outcome.promotions][:1] == [about.pk]

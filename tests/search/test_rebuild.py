"""`manage.py rebuild_search_index` and the demo content's index."""

import io

import pytest
from django.core.management import call_command

from search.engines import get_engine
from search.models import SearchEntry
from search.service import run_search
from tests.utils import make_private


@pytest.mark.django_db
class TestRebuildCommand:
    def test_rebuild_indexes_every_public_listable_page_only(self, engine, make_page, publish_now):
        public = make_page("Fiche publique", "Permaculture urbaine.")
        make_page("Brouillon", "Permaculture cachée.", live=False)
        private = make_page("Espace privé", "Permaculture réservée.")
        publish_now(make_private, private)
        engine.clear()
        assert not run_search({"q": "permaculture"}).response.total
        out, err = io.StringIO(), io.StringIO()
        call_command("rebuild_search_index", stdout=out, stderr=err)
        assert "pages indexed" in out.getvalue()
        assert "page/s" in err.getvalue()  # tqdm's progress bar
        found = {hit.page_id for hit in run_search({"q": "permaculture"}).response.hits}
        assert found == {public.pk}
        assert get_engine().count() == 1  # the home page is not listable

    def test_rebuild_replaces_stale_entries(self, engine, make_page):
        if engine.name == "elasticsearch":
            pytest.skip("database engines only")
        make_page("Fiche", "Compostage collectif.")
        SearchEntry.objects.create(
            page_id=987654, title="Fantôme", url="/fantome/", content_type="x.y", type_label="X"
        )
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
        assert not SearchEntry.objects.filter(page_id=987654).exists()
        assert run_search({"q": "compostage"}).response.total == 1

"""`manage.py rebuild_search_index` and the demo content's index."""

import io

import pytest
from django.core.management import call_command

from search.engines import get_engine
from search.models import SearchEntry, SearchFacet, SearchVocabulary, SearchVocabularyGram
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

    def test_clear_empties_every_index_table_and_indexing_starts_again(self, engine, make_page):
        if engine.name == "elasticsearch":
            pytest.skip("database engines only")
        make_page("Fiche", "Compostage collectif.", keywords=["jardin"])
        assert SearchFacet.objects.exists() and SearchVocabularyGram.objects.exists()
        # Written in this same transaction (deferred foreign-key checks pending): PostgreSQL's
        # TRUNCATE must still accept the tables.
        engine.clear()
        for model in (SearchEntry, SearchFacet, SearchVocabulary, SearchVocabularyGram):
            assert not model.objects.exists(), model
        assert not run_search({"q": "compostage"}).response.total
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
        assert run_search({"q": "compostage", "keyword": "jardin"}).response.total == 1
        assert SearchVocabulary.objects.get(word="compostage").frequency == 1

"""Inputs that used to break /recherche/ (issue 12): odd digits, NUL bytes, huge queries."""

import time

import pytest
from django.urls import reverse

from search.analysis import MAX_EXCLUDED, MAX_QUERY_CHARS, MAX_QUERY_TERMS, parse_query
from search.service import build_request, run_search

URL = reverse("search:search")


@pytest.mark.django_db
class TestBadInputThroughTheView:
    @pytest.mark.parametrize("year", ["%C2%B2", "²", "١٢", "99999999999999999999", "-3", "20 24"])
    def test_unreadable_year_is_ignored(self, corpus, client, year):
        response = client.get(f"{URL}?q=coop%C3%A9rative&year={year}")
        assert response.status_code == 200
        assert "Créer une coopérative" in response.content.decode()

    @pytest.mark.parametrize("kind", ["type", "theme", "group", "keyword", "year", "sort", "page"])
    def test_nul_byte_in_a_filter_is_ignored_without_an_error_log(
        self, corpus, client, kind, caplog
    ):
        response = client.get(f"{URL}?q=coop%C3%A9rative&{kind}=x%00y")
        assert response.status_code == 200
        assert "Créer une coopérative" in response.content.decode()
        assert not [record for record in caplog.records if record.levelname == "ERROR"]

    def test_nul_byte_in_the_query_is_a_space(self, corpus, client):
        response = client.get(f"{URL}?q=coop%00%C3%A9rative")
        assert response.status_code == 200

    def test_a_10000_character_query_is_cut_and_answers_quickly(self, corpus, client):
        words = [
            "coopérative",
            "économie",
            "assocation",
            "gouvernanse",
            "territoires",
            "salariées",
            "zzqx",
        ]
        query = " ".join(words[i % len(words)] + str(i % 7) * (i % 2) for i in range(1500))
        query = query[:10_000]
        started = time.perf_counter()
        response = client.get(URL, {"q": query})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        assert elapsed < 1.0


class TestQueryBounds:
    def test_query_is_cut_before_analysis(self):
        parsed = parse_query("économie " * 2000 + "introuvable")
        assert "introuvable" not in parsed.terms
        assert len(parsed.raw) <= MAX_QUERY_CHARS

    def test_terms_phrases_and_exclusions_are_bounded(self):
        parsed = parse_query(" ".join(f'"mot{i} autre{i}"' for i in range(40)))
        assert len(parsed.all_words) <= MAX_QUERY_TERMS
        parsed = parse_query("économie " + " ".join(f"-mot{i}" for i in range(40)))
        assert len(parsed.excluded) == MAX_EXCLUDED

    def test_very_long_words_are_dropped(self):
        assert parse_query("a" * 100 + " économie").terms == ["économie"]

    def test_filters_read_with_the_shared_helpers(self):
        request = build_request(
            {"q": "x", "year": "²", "theme": "a\x00b", "page": "²", "type": "t"}
        )
        assert request.filters == {"type": "t"}
        assert request.page == 1
        assert build_request({"year": "2024"}).filters == {"year": "2024"}


@pytest.mark.django_db
class TestPagesAndHits:
    def test_out_of_range_page_redirects_to_the_last_page(self, corpus, client):
        response = client.get(URL, {"q": "économie", "page": "999"})
        assert response.status_code == 302
        assert response["Location"].endswith("page=1") and "q=" in response["Location"]

    def test_searches_are_counted_for_the_search_terms_report(self, corpus, client):
        from wagtail.contrib.search_promotions.models import Query

        client.get(URL, {"q": "Économie"})
        client.get(URL, {"q": "économie"})
        assert Query.get("économie").hits == 2


@pytest.mark.django_db
class TestStaleEntries:
    def test_parent_slug_change_updates_descendants_urls(self, engine, make_page, publish_now):
        from search.models import SearchEntry

        parent = make_page("Rubrique", "Une rubrique.")
        child = make_page("Sous-page", "Le compostage.", parent=parent)
        parent.slug = "nouvelle-rubrique"
        publish_now(lambda: parent.save_revision().publish())
        url = SearchEntry.objects.get(page_id=child.pk).url
        assert "/nouvelle-rubrique/" in url

    def test_keyword_rename_reindexes_its_pages(self, engine, make_page, publish_now):
        from site_core.models import Keyword

        page = make_page("Une page", "Texte.", keywords=["permaculture"])
        keyword = Keyword.objects.get(name="permaculture")
        keyword.name = "agroécologie"
        publish_now(keyword.save)
        found = {hit.page_id for hit in run_search({"q": "agroécologie"}).response.hits}
        assert page.pk in found


@pytest.mark.django_db
class TestVocabularyCounts:
    def count(self, word):
        from search.models import SearchVocabulary

        found = SearchVocabulary.objects.filter(word=word).first()
        return found.frequency if found else 0

    def test_counts_are_exact_through_publish_unpublish_and_republish(
        self, engine, make_page, publish_now
    ):
        from search import indexing

        first = make_page("Compostage", "Le compostage partagé, compostage encore.")
        make_page("Autre compostage", "Du compostage.")
        assert self.count("compostage") == 2
        for _ in range(3):
            indexing.update_pages([first.pk])
        assert self.count("compostage") == 2
        publish_now(first.unpublish)
        assert self.count("compostage") == 1
        assert self.count("partage") == 0
        publish_now(lambda: first.save_revision().publish())
        assert self.count("compostage") == 2
        assert self.count("partage") == 1

    def test_a_forced_rebuild_keeps_the_counts_and_follows_changes(self, engine, make_page):
        from search import indexing
        from search.models import SearchVocabulary
        from site_core.models import StandardPage

        make_page("Compostage", "Le compostage partagé, compostage encore.")
        changed = make_page("Cantine solidaire", "Des repas de compostage.")
        before = dict(SearchVocabulary.objects.values_list("word", "frequency"))
        indexing.rebuild()
        assert dict(SearchVocabulary.objects.values_list("word", "frequency")) == before
        # A change behind the signals' back: the rebuild counts the page out and in again.
        StandardPage.objects.filter(pk=changed.pk).update(title="Cantine paysanne")
        indexing.rebuild()
        assert self.count("solidaire") == 0
        assert self.count("paysanne") == 1
        assert self.count("compostage") == 2

"""Filters are part of the full-text match: each page's facets are indexed as tokens
(`search.documents.facet_token`, migration 0007), so that a filter is intersected with the
words by FTS5 or the GIN index instead of the whole match being read and looked up."""

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks.corpus import documents
from search.analysis import build_plan, parse_query
from search.documents import facet_token
from search.engines import SearchRequest
from search.models import SearchEntry, SearchFacet

QUERIES = ["economie", "gouvernance partagée", '"économie sociale"', "insertion -jardin", ""]
FILTERS = [
    {"group": "groupe-7"},
    {"type": "articles.methodsheetpage"},
    {"theme": "ess"},
    {"year": "2020"},
    {"theme": "ess", "year": "2021"},
    {"type": "working_groups.meetingminutespage", "group": "groupe-3"},
    {"keyword": "mot-12"},
    {"group": "no-such-group"},
]


def allowed(filters) -> set[int]:
    """The entries passing these filters, read from the entry and facet rows (the way the
    engines filtered before the tokens)."""
    ids = set(SearchEntry.objects.values_list("page_id", flat=True))
    for kind, value in filters.items():
        ids &= set(
            SearchFacet.objects.filter(kind=kind, value=value).values_list("entry_id", flat=True)
        )
    return ids


def search(engine, q, filters=None, sort="relevance"):
    request = SearchRequest(query=parse_query(q), filters=filters or {}, sort=sort, per_page=1000)
    return engine.search(request)


@pytest.fixture
def synthetic(engine, settings):
    if engine.name == "elasticsearch":
        pytest.skip("the database engines' full-text index")
    settings.SEARCH_BROAD_MATCH_LIMIT = 10_000  # everything exact: comparable page by page
    engine.index(list(documents(600)))
    return engine


@pytest.mark.django_db
class TestFiltersInTheMatch:
    def test_a_token_is_letters_and_digits_apart_from_words(self):
        token = facet_token("group", "groupe-7")
        assert token == "1g" + b"groupe-7".hex()
        assert token.isalnum()
        assert facet_token("year", "2020") != facet_token("group", "2020")

    @pytest.mark.parametrize("filters", FILTERS)
    @pytest.mark.parametrize("q", QUERIES)
    def test_a_filter_gives_the_unfiltered_ranking_restricted_to_its_pages(
        self, synthetic, q, filters
    ):
        """Same pages, same order, same total and facet counts as filtering the unfiltered
        results by the facet rows: the tokens filter and never change a score."""
        expected = [
            hit.page_id for hit in search(synthetic, q).hits if hit.page_id in allowed(filters)
        ]
        if not q:  # an empty query lists every page of the filter, newest first
            expected = sorted(allowed(filters), reverse=True)
            expected.sort(key=lambda pk: SearchEntry.objects.get(pk=pk).date, reverse=True)
        found = search(synthetic, q, filters)
        assert [hit.page_id for hit in found.hits] == expected
        assert found.total == len(expected)
        if filters.get("group") == "no-such-group":
            assert expected == []
        counts = {
            (bucket.kind, bucket.value): bucket.count
            for buckets in found.facets.values()
            for bucket in buckets
        }
        for kind, value in filters.items():
            if expected:
                assert counts[(kind, value)] == len(expected)

    def test_date_sort_and_filters_agree_too(self, synthetic):
        expected = [
            hit.page_id
            for hit in search(synthetic, "economie", sort="date").hits
            if hit.page_id in allowed({"theme": "ess"})
        ]
        found = search(synthetic, "economie", {"theme": "ess"}, sort="date")
        assert [hit.page_id for hit in found.hits] == expected

    def test_the_filter_is_in_the_match_not_a_lookup_of_entries(
        self, synthetic, django_assert_max_num_queries
    ):
        """The filtered search reads neither the facet rows nor the entry columns to filter:
        the token is in the full-text expression, and it runs no more queries than the
        unfiltered one."""
        with django_assert_max_num_queries(50) as unfiltered:
            search(synthetic, "economie")
        with django_assert_max_num_queries(len(unfiltered.captured_queries)) as filtered:
            found = search(synthetic, "economie", {"group": "groupe-7", "theme": "ess"})
        assert found.total
        statements = [query["sql"] for query in filtered.captured_queries]
        assert not any("group_slug" in sql or "EXISTS" in sql for sql in statements)
        facet_reads = [sql for sql in statements if "search_searchfacet" in sql]
        assert facet_reads and all("GROUP BY kind, value, label" in sql for sql in facet_reads)
        token = facet_token("group", "groupe-7")
        assert any(token in sql for sql in statements)  # the parameter, as sent

    def test_sqlite_plan_reads_the_full_text_index_only(self, synthetic):
        if connection.vendor != "sqlite":
            pytest.skip("SQLite's query plan")
        sql, params = synthetic._match_sql(
            build_plan(parse_query("economie")), facets=[facet_token("group", "groupe-7")]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql} ORDER BY page_id DESC LIMIT 10", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "search_fts VIRTUAL TABLE" in plan
        assert "search_searchentry" not in plan and "search_searchfacet" not in plan


@pytest.mark.django_db(transaction=True)
class TestMigration:
    def test_existing_entries_are_converted_both_ways(self, engine):
        """0007 adds the tokens to the entries already indexed (a filter finds them without a
        rebuild) and its reversal takes them away again."""
        if engine.name == "elasticsearch":
            pytest.skip("the database engines' full-text index")
        engine.index(list(documents(60)))
        group = SearchFacet.objects.filter(kind="group").values_list("value", flat=True)[0]
        before = [hit.page_id for hit in search(engine, "", {"group": group}).hits]
        assert before
        try:
            call_command("migrate", "search", "0006", verbosity=0)
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("SELECT * FROM search_fts LIMIT 1")
                    assert len(cursor.description) == 5  # no facets column
                else:
                    cursor.execute(
                        "SELECT COUNT(*) FROM search_searchentry "
                        "WHERE search_vector @@ to_tsquery('simple', %s)",
                        [facet_token("group", group)],
                    )
                    assert cursor.fetchone()[0] == 0
        finally:
            call_command("migrate", "search", verbosity=0)
        assert [hit.page_id for hit in search(engine, "", {"group": group}).hits] == before


@pytest.mark.django_db
class TestMostRecentMatches:
    """A broad match is ranked among exactly its `limit` most recent pages, whether the match
    is dense or rare, over page ids spread across many recency buckets (PostgreSQL reads them
    bucket by bucket, or the rest of a rare match at once)."""

    @pytest.fixture
    def spread(self, engine):
        if engine.name == "elasticsearch":
            pytest.skip("the database engines' bound")
        docs = list(documents(400))
        for position, doc in enumerate(docs):
            doc.page_id = 1 + position * 137  # about 55 000 ids: 55 buckets of 1 000
            doc.url = f"/spread/{doc.page_id}/"
        engine.index(docs)
        return engine

    @pytest.mark.parametrize(
        ("q", "filters"),
        [
            ("cooperatives", {}),  # dense
            ("economie", {}),
            ("scic statut", {}),  # rare
            ("formation", {"theme": "ess"}),
            ("", {"type": "articles.methodsheetpage"}),
        ],
    )
    @pytest.mark.parametrize("limit", [5, 40])
    def test_the_sample_is_the_newest_of_the_match(self, spread, settings, q, filters, limit):
        settings.SEARCH_BROAD_MATCH_LIMIT = 10_000
        whole = search(spread, q, filters)
        settings.SEARCH_BROAD_MATCH_LIMIT = limit
        found = search(spread, q, filters)
        if whole.total <= limit:
            assert found.ranked_among is None
            assert [hit.page_id for hit in found.hits] == [hit.page_id for hit in whole.hits]
            return
        newest = sorted((hit.page_id for hit in whole.hits), reverse=True)[:limit]
        assert found.ranked_among == limit
        assert sorted(hit.page_id for hit in found.hits) == sorted(newest)
        expected = [hit.page_id for hit in whole.hits if hit.page_id in set(newest)]
        assert [hit.page_id for hit in found.hits] == expected  # the same ranking

"""Elasticsearch mapping and query building, checked without a server."""

import datetime

from search.analysis import parse_query
from search.documents import Attachment, IndexDocument
from search.engines.base import SearchRequest
from search.engines.elasticsearch import (
    SEPARATOR,
    build_autocomplete,
    build_search,
    build_suggestion,
    document_body,
    page_index,
    synonym_rules,
)


class TestMapping:
    def test_french_analyser_has_elision_lowercase_folding_and_stemming(self):
        analysis = page_index("maillage-pages").to_dict()["settings"]["analysis"]
        french = analysis["analyzer"]["french_folded"]
        assert french["tokenizer"] == "french_words"
        assert french["filter"] == [
            "french_elision",
            "french_compounds",
            "flatten_graph",
            "lowercase",
            "french_stop",
            "asciifolding",
            "french_forms",
        ]
        elision = analysis["filter"]["french_elision"]
        assert elision["type"] == "elision" and {"l", "d", "qu"} <= set(elision["articles"])
        assert analysis["filter"]["french_stemmer"] == {
            "type": "stemmer",
            "language": "light_french",
        }

    def test_compounds_are_indexed_split_and_joined_on_both_sides(self):
        import re

        analysis = page_index("maillage-pages").to_dict()["settings"]["analysis"]
        pattern = analysis["tokenizer"]["french_words"]["pattern"]
        assert analysis["tokenizer"]["french_words"]["type"] == "pattern"
        # Java and Python agree on this class: hyphens and apostrophes stay inside a token.
        java_free = pattern.replace("\\p{L}", "\\w").replace("\\p{N}", "\\d")
        tokens = [t for t in re.split(java_free, "«l'auto-gestion», (tiers‑lieu) ok.") if t]
        assert tokens == ["l'auto-gestion", "tiers‑lieu", "ok"]
        compounds = analysis["filter"]["french_compounds"]
        assert compounds["type"] == "word_delimiter_graph"
        assert compounds["catenate_words"] and compounds["generate_word_parts"]
        assert not compounds["preserve_original"] and not compounds["split_on_case_change"]
        for name in ("french_folded", "french_spelling", "french_query"):
            chain = analysis["analyzer"][name]
            assert chain["tokenizer"] == "french_words"
            # Elisions go before the split (« l'auto-gestion »), the index flattens the graph.
            assert chain["filter"][:2] == ["french_elision", "french_compounds"]
            assert ("flatten_graph" in chain["filter"]) == (name != "french_query")

    def test_text_fields_use_the_french_analyser_and_facets_are_keywords(self):
        properties = page_index("maillage-pages").to_dict()["mappings"]["properties"]
        for name in ("title", "summary", "body", "tags", "attachments_text"):
            assert properties[name]["analyzer"] == "french_folded"
            assert properties[name]["search_analyzer"] == "french_query"
            assert properties[name]["copy_to"] == "spelling"
        for kind in ("type", "group", "theme", "keyword", "year"):
            assert properties[f"{kind}_facet"] == {"type": "keyword"}
        assert properties["attachments"] == {"type": "object", "enabled": False}
        assert properties["date"] == {"type": "date"}

    def test_document_body_pairs_facet_values_with_labels(self):
        doc = IndexDocument(
            page_id=7,
            title="Rencontre",
            url="/gt/rencontre/",
            content_type="working_groups.meetingminutespage",
            type_label="Compte-rendu",
            group_slug="tiers-lieux",
            group_title="Tiers-lieux",
            themes=[("ess", "Économie sociale")],
            keywords=[("compost", "compost")],
            date=datetime.date(2024, 5, 2),
            attachments=[Attachment("PDF : odj.pdf", "pdf", "/documents/1/", "Ordre du jour")],
        )
        body = document_body(doc)
        assert body["theme_facet"] == [f"ess{SEPARATOR}Économie sociale"]
        assert body["group_facet"] == f"tiers-lieux{SEPARATOR}Tiers-lieux"
        assert body["year_facet"] == f"2024{SEPARATOR}2024"
        assert body["attachments_text"] == "Ordre du jour"
        assert body["date"] == "2024-05-02"


class TestFrenchFormsAndSynonyms:
    def analysis(self, synonyms=()):
        return page_index("maillage-pages", list(synonyms)).to_dict()["settings"]["analysis"]

    def test_both_stems_at_one_position_split_list_and_gender_folding(self):
        filters = self.analysis()["filter"]
        assert filters["french_forms"] == {
            "type": "multiplexer",
            "filters": [
                "french_stem_split, french_stemmer",
                "french_gender_number, french_stem_split, french_stemmer",
            ],
            "preserve_original": False,
        }
        assert "marcher => marchv" in filters["french_stem_split"]["rules"]
        assert "organisme => organism" in filters["french_stem_split"]["rules"]
        assert "travaux => travail" in filters["french_stem_split"]["rules"]
        condition = filters["french_gender_number"]
        assert condition["type"] == "condition"
        assert "matrice" in condition["script"]["params"]["exceptions"]
        endings = [filters[name] for name in condition["filter"]]
        assert {
            "type": "pattern_replace",
            "pattern": "^(.{3,})trice$",
            "replacement": "$1teur",
        } in (endings)
        assert any(e["pattern"] == "^(.{3,})eux$" for e in endings)

    def test_editors_synonyms_in_the_search_analyser_only(self):
        rules = synonym_rules(
            [["SIAE", "structure d'insertion par l'activité économique"], ["seul"]]
        )
        assert rules == ["SIAE, structure insertion par activité économique"]
        analysis = self.analysis(rules)
        assert analysis["filter"]["french_synonyms"] == {
            "type": "synonym_graph",
            "synonyms": rules,
            "lenient": True,
        }
        assert "french_synonyms" in analysis["analyzer"]["french_query"]["filter"]
        assert "french_synonyms" not in analysis["analyzer"]["french_folded"]["filter"]

    def test_exact_subfields_rank_the_typed_form(self):
        properties = page_index("maillage-pages").to_dict()["mappings"]["properties"]
        assert properties["body"]["fields"]["exact"]["analyzer"] == "french_spelling"
        query = build_search("idx", SearchRequest(query=parse_query("marché"))).to_dict()
        should = query["query"]["bool"]["should"][0]["multi_match"]
        assert should["fields"][0] == "title.exact^12"


EXACT = ["title.exact^12", "summary.exact^4", "body.exact^1.5"]


class TestQueryBuilding:
    def build(self, q, **kwargs):
        return build_search("idx", SearchRequest(query=parse_query(q), **kwargs)).to_dict()

    def test_words_must_all_match_across_weighted_fields(self):
        query = self.build("économie sociale")["query"]["bool"]["must"][0]["multi_match"]
        assert query["query"] == "économie sociale"
        assert query["operator"] == "and"
        assert query["type"] == "cross_fields"
        assert query["fields"][0] == "title^10"

    def test_question_words_are_left_out(self):
        query = self.build("pourquoi nos adhérents ne votent plus")["query"]["bool"]["must"][0]
        assert query["multi_match"]["query"] == "adhérents votent"

    def test_approximate_query_asks_for_most_words_and_leaves_exact_hits_out(self):
        request = SearchRequest(query=parse_query("clause sociale marché voirie"))
        body = build_search("idx", request, approximate=True, exclude=[4, 9]).to_dict()
        match = body["query"]["bool"]["must"][0]["multi_match"]
        assert match["operator"] == "or" and match["minimum_should_match"] == "60%"
        assert {"bool": {"must_not": [{"ids": {"values": ["4", "9"]}}]}} in body["query"]["bool"][
            "filter"
        ]

    def test_compounds_match_in_a_row_or_joined(self):
        for typed in ("auto-gestion", "auto gestion"):
            query = self.build(f"{typed} quotidien")["query"]["bool"]
            compound = query["must"][0]["bool"]
            assert compound["minimum_should_match"] == 1
            assert [m["multi_match"]["query"] for m in compound["should"]] == [
                "auto gestion",
                "autogestion",
            ]
            assert compound["should"][0]["multi_match"]["type"] == "phrase"
            assert query["must"][1]["multi_match"]["query"] == "quotidien"
            assert {"multi_match": {"query": "autogestion", "fields": EXACT}} in query["should"]
        joined = self.build("autogestion")["query"]["bool"]["must"]
        assert [m["multi_match"]["query"] for m in joined] == ["autogestion"]

    def test_an_approximate_query_counts_a_compound_once_joined(self):
        request = SearchRequest(query=parse_query("auto-gestion cantine voirie"))
        body = build_search("idx", request, approximate=True).to_dict()
        match = body["query"]["bool"]["must"][0]["multi_match"]
        assert match["query"] == "cantine voirie autogestion"

    def test_phrases_and_exclusions(self):
        query = self.build('"économie sociale" -banque')["query"]["bool"]
        assert query["must"][0]["multi_match"] == {
            "query": "économie sociale",
            "type": "phrase",
            "fields": ["title^10", "tags^5", "summary^3", "body", "attachments_text"],
        }
        assert query["must_not"][0]["multi_match"]["query"] == "banque"

    def test_operators_and_syntax_never_reach_the_server(self):
        body = self.build('NEAR(a b) OR * title:x) "')
        text = str(body["query"])
        for fragment in ("NEAR", " OR ", "*", "title:", ")"):
            assert fragment not in text

    def test_filters_facets_highlight_sort_and_pagination(self):
        body = self.build(
            "économie",
            filters={"theme": "ess", "year": "2024", "group": "tiers-lieux"},
            sort="date",
            page=3,
            per_page=10,
        )
        filters = body["query"]["bool"]["filter"][0]["bool"]["filter"]
        assert {"term": {"themes": "ess"}} in filters
        assert {"term": {"year": 2024}} in filters
        assert {"term": {"group_slug": "tiers-lieux"}} in filters
        assert set(body["aggs"]) == {"type", "group", "theme", "keyword", "year"}
        assert body["aggs"]["theme"] == {"terms": {"field": "theme_facet", "size": 100}}
        assert body["highlight"]["encoder"] == "html"
        assert body["highlight"]["pre_tags"] == ["<mark>"]
        assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
        assert body["from"] == 20 and body["size"] == 10
        assert body["track_total_hits"] is True

    def test_invalid_year_filter_matches_nothing_instead_of_failing(self):
        body = self.build("économie", filters={"year": "deux-mille"})
        assert {"term": {"year": -1}} in body["query"]["bool"]["filter"][0]["bool"]["filter"]

    def test_empty_query_with_a_filter_lists_everything_in_it(self):
        body = self.build("", filters={"group": "tiers-lieux"})
        # match_all AND the filter: elasticsearch.dsl keeps the filter alone.
        assert body["query"] == {
            "bool": {"filter": [{"bool": {"filter": [{"term": {"group_slug": "tiers-lieux"}}]}}]}
        }
        assert self.build("", filters={})["query"] == {"match_all": {}}

    def test_suggestion_and_autocomplete(self):
        suggest = build_suggestion("idx", "assocation").to_dict()["suggest"]["spelling"]
        assert suggest["text"] == "assocation"
        assert suggest["term"]["field"] == "spelling"
        auto = build_autocomplete("idx", "coopé", 8).to_dict()
        assert auto["query"] == {
            "match_phrase_prefix": {"title": {"query": "coopé", "max_expansions": 30}}
        }
        assert auto["size"] == 8

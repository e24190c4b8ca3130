"""The French analysis the database engines share: folding, elisions, stems, query parsing."""

from search.analysis import analyse, fold, levenshtein, parse_query


class TestAnalysis:
    def test_accents_and_ligatures_fold(self):
        assert fold("Économie Œuvre") == "economie oeuvre"

    def test_same_terms_with_or_without_accents_plural_and_elision(self):
        assert analyse("l'économie") == analyse("economie") == analyse("Économies")
        assert analyse("coopératives") == analyse("cooperative")
        assert analyse("qu’il") == []  # « qu' » elided, « il » a stop word

    def test_stop_words_are_dropped(self):
        assert analyse("la gouvernance des associations") == analyse("gouvernance associations")


class TestQueryParsing:
    def test_words_phrases_and_exclusions(self):
        parsed = parse_query('coopérative "économie sociale" -banque')
        assert parsed.terms == ["coopérative"]
        assert parsed.phrases == [["économie", "sociale"]]
        assert parsed.excluded == ["banque"]

    def test_operators_brackets_and_stars_are_ignored(self):
        parsed = parse_query("(économie OR coopérative) AND NOT NEAR *")
        assert parsed.terms == ["économie", "coopérative"]
        assert not parsed.phrases and not parsed.excluded

    def test_long_query_is_bounded(self):
        parsed = parse_query("mot" * 5000 + " " + " ".join(f"mot{i}" for i in range(50)))
        assert len(parsed.raw) <= 500
        assert len(parsed.terms) <= 12

    def test_control_characters_and_replacement_characters_removed(self):
        assert parse_query("éco\x00nomie\ufffd").raw == "éco nomie"


class TestEditDistance:
    def test_distance_with_a_limit(self):
        assert levenshtein("assocation", "association", 2) == 1
        assert levenshtein("abc", "xyzabc", 2) == 3

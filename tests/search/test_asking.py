"""How people ask (issue 18, issue 17 items 3–5): analysis units, then behaviour through
/recherche/ on every available engine."""

import pytest
from django.urls import reverse

from search.analysis import (
    GENDER_NUMBER_EXCEPTIONS,
    STEM_SPLIT_WORDS,
    build_plan,
    fold_gender_number,
    index_terms,
    looks_like_acronym,
    parse_query,
    stem,
    term_of,
    word_terms,
)
from search.models import SynonymSet
from search.service import run_search
from search.synonyms import expansions

URL = reverse("search:search")


def meet(a: str, b: str) -> bool:
    """Whether a query word `a` finds a page written with `b`."""
    return bool(set(word_terms(a)) & set(index_terms(b)))


class TestGenderAndNumber:
    @pytest.mark.parametrize(
        ("feminine", "masculine"),
        [
            ("directrice", "directeur"),
            ("médiatrices", "médiateurs"),
            ("conseillère", "conseiller"),
            ("trésorière", "trésorier"),
            ("salariée", "salarié"),
            ("travailleuse", "travailleur"),
            ("active", "actif"),
            ("enjeux", "enjeu"),
            ("milieux", "milieu"),
            ("travaux", "travail"),
            ("sociaux", "social"),
            ("bijoux", "bijou"),
        ],
    )
    def test_forms_meet_both_ways(self, feminine, masculine):
        assert meet(feminine, masculine)
        assert meet(masculine, feminine)

    @pytest.mark.parametrize(
        ("word", "unrelated"),
        [
            ("carrière", "carrier"),
            ("rive", "rif"),
            ("matrice", "mateur"),
            ("manière", "manier"),
            ("taux", "tal"),
        ],
    )
    def test_exceptions_are_not_folded(self, word, unrelated):
        assert not meet(word, unrelated)
        assert not meet(unrelated, word)

    def test_every_exception_is_left_as_is(self):
        for word in GENDER_NUMBER_EXCEPTIONS:
            assert fold_gender_number(word) == word, word

    def test_folding_only_adds_terms(self):
        assert word_terms("heureuse")[0] == stem("heureuse")


class TestCompoundsAndStems:
    @pytest.mark.parametrize(
        ("typed", "written"),
        [
            ("auto-gestion", "autogestion"),
            ("autogestion", "auto-gestion"),
            ("auto gestion", "autogestion"),
            ("inter associatif", "inter-associatif"),
            ("interassociatif", "inter-associatif"),
            ("tiers-lieux", "tiers-lieu"),
        ],
    )
    def test_compound_forms_meet(self, typed, written):
        plan = build_plan(parse_query(typed))
        indexed = index_terms(written)
        text = " ".join(indexed)
        for clause in plan.clauses:
            assert any(" ".join(alternative) in text for alternative in clause.alternatives), (
                typed,
                written,
                clause,
            )

    def test_compounds_beside_punctuation_are_joined_too(self):
        indexed = index_terms("(tiers-lieu), «auto-gestion» et co-construction.")
        for joined in ("tierslieu", "autogestion", "coconstruction"):
            assert term_of(joined) in indexed
            assert "0" + joined in indexed
        assert index_terms("Un texte sans trait d'union.") == index_terms(
            "Un texte sans trait d'union"
        )

    @pytest.mark.parametrize(
        ("a", "b"),
        [("marché", "marcher"), ("organisme", "organique"), ("communication", "commune")],
    )
    def test_split_stems(self, a, b):
        assert stem(a.replace("é", "e")) == stem(b.replace("é", "e"))  # Snowball merges them
        assert not meet(a, b) and not meet(b, a)

    def test_split_list_keeps_related_forms_together(self):
        assert meet("marchés", "marché")
        assert meet("organismes", "organisme")
        assert len({term_of(word) for word in STEM_SPLIT_WORDS}) == 1

    def test_unstemmed_form_is_indexed_after_the_stems(self):
        terms = index_terms("Le marché public")
        assert terms[:2] == ["march", "public"]
        assert "0marche" in terms


class TestQuestionsAndAcronyms:
    def test_question_words_are_dropped_when_other_words_remain(self):
        plan = build_plan(parse_query("pourquoi nos adhérents ne votent plus ?"))
        assert [clause.words for clause in plan.clauses] == [["adhérents"], ["votent"]]
        assert build_plan(parse_query("est-ce qu'il faut voter")).clauses[0].words == ["voter"]

    def test_a_query_of_light_words_only_still_searches_them(self):
        assert build_plan(parse_query("comment faire")).clauses

    @pytest.mark.parametrize("word", ["SIAE", "FNARS", "CNAM", "ag2r", "pdf", "ESS"])
    def test_acronyms(self, word):
        assert looks_like_acronym(word)

    @pytest.mark.parametrize("word", ["association", "assocation", "Coopérative", "bénévols"])
    def test_words(self, word):
        assert not looks_like_acronym(word)


class TestSynonymExpansion:
    def test_each_member_expands_to_the_others(self):
        found = expansions([["AMAP", "association pour le maintien d'une agriculture paysanne"]])
        assert found["amap"] == [("associ", "maintien", "agricultur", "paysann")]
        assert found["association maintien agriculture paysanne"] == [("amap",)]

    def test_plan_uses_single_and_multi_word_members(self):
        synonyms = expansions([["SIAE", "structure d'insertion par l'activité économique"]])
        plan = build_plan(parse_query("financer une SIAE"), synonyms)
        assert ("structur", "insert", "activit", "econom") in plan.clauses[-1].alternatives
        plan = build_plan(parse_query("structure insertion activité économique"), synonyms)
        assert len(plan.clauses) == 1 and word_terms("SIAE")[:1] in [
            a[:1] for a in plan.clauses[0].alternatives
        ]


def page_ids(outcome, section="hits"):
    return [hit.page_id for hit in getattr(outcome.response, section)]


@pytest.mark.django_db
class TestThroughTheSearchPage:
    def test_question_finds_the_page(self, engine, make_page, client):
        page = make_page("Relancer l'assemblée", "Quand les adhérents ne votent plus en assemblée.")
        outcome = run_search({"q": "pourquoi nos adhérents ne votent plus en assemblée"})
        assert page_ids(outcome) == [page.pk]

    def test_partial_query_shows_close_results_below_exact_ones(self, engine, make_page, client):
        exact = make_page("Clause sociale", "Une clause sociale dans un marché public de voirie.")
        most = make_page("Marchés publics", "La clause sociale des marchés publics, en bref.")
        other = make_page("Voirie", "Travaux de voirie.")
        outcome = run_search({"q": "clause sociale marché public voirie"})
        assert page_ids(outcome) == [exact.pk]
        assert most.pk in page_ids(outcome, "approximate")
        assert other.pk not in page_ids(outcome, "approximate")  # one rare word of five
        html = client.get(URL, {"q": "clause sociale marché public voirie"}).content.decode()
        assert "Résultats approchants" in html
        assert html.index("Clause sociale") < html.index("Résultats approchants")

    def test_no_close_results_when_exact_ones_fill_the_page(self, engine, make_page):
        for number in range(11):
            make_page(f"Compost {number}", "Le compost partagé du quartier.")
        make_page("Compost seul", "Le compost.")
        outcome = run_search({"q": "compost partagé"})
        assert outcome.response.total == 11
        assert outcome.response.approximate == []

    def test_exclusions_hold_in_close_results(self, engine, make_page):
        make_page("Réemploi", "Ateliers de réparation de vélos.")
        excluded = make_page("Réparation", "Ateliers de réparation de vélos et de meubles.")
        outcome = run_search({"q": "réparation vélos trottinettes -meubles"})
        assert excluded.pk not in page_ids(outcome) + page_ids(outcome, "approximate")

    def test_phrase_with_stop_words(self, engine, make_page):
        phrase = make_page("Le partage de la valeur", "Répartir les excédents.")
        apart = make_page("Partage des outils", "La valeur d'un atelier ne se mesure pas.")
        outcome = run_search({"q": '"partage de la valeur"'})
        assert page_ids(outcome) == [phrase.pk]
        assert apart.pk not in page_ids(outcome, "approximate")

    def test_feminine_query_finds_masculine_page(self, engine, make_page):
        page = make_page("Le directeur salarié", "Recruter un directeur.")
        assert page.pk in page_ids(run_search({"q": "directrice"}))

    def test_compound_written_apart(self, engine, make_page):
        page = make_page("L'autogestion au quotidien", "Décider ensemble.")
        for typed in ("auto-gestion", "auto gestion", "autogestion"):
            assert page_ids(run_search({"q": typed})) == [page.pk], typed

    def test_typed_word_form_ranks_above_shared_stem(self, engine, make_page):
        verb = make_page("Organiser un atelier", "Organiser, organiser encore.")
        noun = make_page("Organisation d'un atelier", "Notre organisation.")
        assert page_ids(run_search({"q": "organisation"})) == [noun.pk, verb.pk]
        assert page_ids(run_search({"q": "organiser"})) == [verb.pk, noun.pk]

    def test_split_stems_through_the_search(self, engine, make_page):
        market = make_page("Répondre à un marché", "La réponse au marché de la ville.")
        walk = make_page("Marcher ensemble", "Les bénévoles vont marcher.")
        assert page_ids(run_search({"q": "marché"})) == [market.pk]
        assert page_ids(run_search({"q": "marcher"})) == [walk.pk]

    def test_unknown_acronym_is_not_corrected(self, engine, make_page, client):
        make_page("Les fanfares", "Une fanfare de quartier.")
        outcome = run_search({"q": "FNARS"})
        assert outcome.corrected is None and outcome.suggestion is None
        assert outcome.response.total == 0

    def test_typo_is_still_corrected(self, engine, make_page):
        page = make_page("L'autogestion", "Décider ensemble.")
        outcome = run_search({"q": "autogesion"})
        assert outcome.corrected is not None
        assert page_ids(outcome) == [page.pk]

    def test_editors_synonyms(self, engine, make_page):
        page = make_page(
            "Des paniers", "Une association pour le maintien d’une agriculture paysanne."
        )
        assert run_search({"q": "AMAP"}).response.total == 0
        SynonymSet.objects.create(
            terms="AMAP, association pour le maintien d'une agriculture paysanne"
        )
        assert page_ids(run_search({"q": "AMAP"})) == [page.pk]
        acronym = make_page("Notre AMAP", "Des paniers.")
        found = page_ids(run_search({"q": "association maintien agriculture paysanne"}))
        assert set(found) == {page.pk, acronym.pk}

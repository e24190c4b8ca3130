"""Typo correction through the vocabulary's trigrams: right corrections, bounded candidates,
and trigrams kept in step with the vocabulary."""

import random

import pytest

from search.analysis import fold, levenshtein, trigrams
from search.documents import IndexDocument
from search.engines.database import CORRECTION_CANDIDATES
from search.models import SearchVocabulary, SearchVocabularyGram
from search.service import run_search


class TestTrigrams:
    def test_padded_like_pg_trgm(self):
        assert trigrams("ess") == {"  e", " es", "ess", "ss "}

    def test_one_edit_changes_at_most_three_trigrams(self):
        rng = random.Random(3)
        for word in ("association", "cooperative", "gouvernance", "benevolat", "tiers"):
            for _ in range(30):
                position = rng.randrange(len(word))
                letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
                edited = rng.choice(
                    [
                        word[:position] + letter + word[position + 1 :],
                        word[:position] + word[position + 1 :],
                        word[:position] + letter + word[position:],
                    ]
                )
                assert levenshtein(word, edited, 1) <= 1
                assert len(trigrams(word) - trigrams(edited)) <= 3


def synthetic(page_id, text):
    return IndexDocument(
        page_id=page_id,
        title=text.split()[0],
        url=f"/p/{page_id}/",
        content_type="site_core.standardpage",
        type_label="Page",
        body=text,
    )


@pytest.mark.django_db
class TestCorrections:
    @pytest.fixture
    def database_engine(self, engine):
        if engine.name == "elasticsearch":
            pytest.skip("the trigram table belongs to the database engines")
        return engine

    def test_every_word_has_its_trigrams_and_loses_them_with_the_last_page(
        self, database_engine, make_page, publish_now
    ):
        page = make_page("Permaculture", "La permaculture urbaine du quartier.")
        word = SearchVocabulary.objects.get(word="permaculture")
        assert set(word.grams.values_list("gram", flat=True)) == trigrams("permaculture")
        assert not SearchVocabulary.objects.filter(grams__isnull=True).exists()
        publish_now(page.unpublish)
        assert not SearchVocabulary.objects.filter(word="permaculture").exists()
        assert not SearchVocabularyGram.objects.filter(gram="erm").exists()

    def test_corrections_among_many_words_read_a_bounded_candidate_list(
        self, database_engine, make_page
    ):
        rng = random.Random(5)
        letters = "abcdefghilmnoprstu"
        noise = [
            " ".join(
                "".join(rng.choice(letters) for _ in range(rng.randint(6, 11))) for _ in range(40)
            )
            for _ in range(150)
        ]
        database_engine.index([synthetic(900000 + n, text) for n, text in enumerate(noise)])
        assert SearchVocabulary.objects.count() > 5000
        target = make_page("Vie associative", "Une association de quartier et ses bénévoles.")
        outcome = run_search({"q": "assocation"})
        assert outcome.corrected is not None
        assert outcome.corrected.display() == "association"
        assert [hit.page_id for hit in outcome.response.hits] == [target.pk]
        candidates = database_engine._gram_candidates(fold("assocation"), 2)
        assert 1 <= len(candidates) <= CORRECTION_CANDIDATES
        assert candidates[0][0] == "association"

    def test_acronyms_and_unknown_capitals_are_not_corrected(self, database_engine, make_page):
        make_page("Les associations", "Une association de quartier.")
        outcome = run_search({"q": "ASSOC"})
        assert outcome.corrected is None

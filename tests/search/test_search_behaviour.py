"""The behavioural suite of issue 6, run against every available engine (see conftest.ENGINES)."""

import pytest
from django.urls import reverse
from pypdf import PdfReader

from search.documents import Attachment, IndexDocument
from search.service import run_search
from site_core.demo_tools import make_pdf
from tests.utils import make_private

URL = reverse("search:search")


def titles(params):
    outcome = run_search(params)
    return [hit.title for hit in outcome.response.hits]


def ids(params):
    return {hit.page_id for hit in run_search({"per_page": 50, **params}).response.hits}


@pytest.mark.django_db
class TestFrenchMatching:
    def test_query_without_accents_finds_accented_words(self, corpus):
        assert corpus["economie"].pk in ids({"q": "economie"})

    def test_accented_query_finds_words_typed_without_accents(self, engine, make_page):
        page = make_page("Note rapide", "Une economie de moyens pour les petites structures.")
        assert page.pk in ids({"q": "économie"})

    def test_plural_without_accent_finds_singular_with_accent(self, corpus):
        found = ids({"q": "cooperatives"})
        assert corpus["cooperative"].pk in found

    def test_elision_is_ignored(self, corpus):
        assert corpus["economie"].pk in ids({"q": "l'économie"})
        assert corpus["economie"].pk in ids({"q": "l’economie"})

    def test_misspelt_word_shows_results_for_the_corrected_word(self, corpus, client):
        outcome = run_search({"q": "assocation"})
        assert outcome.corrected is not None
        assert outcome.corrected.display() == "association"
        assert corpus["association"].pk in {hit.page_id for hit in outcome.response.hits}
        html = client.get(URL, {"q": "assocation"}).content.decode()
        assert "Résultats pour « association »" in html
        assert "nofix=1" in html

    def test_original_spelling_link_searches_without_correction(self, corpus):
        outcome = run_search({"q": "assocation", "nofix": "1"}, correct=False)
        assert outcome.corrected is None
        assert outcome.response.total == 0

    def test_two_word_query_ranks_pages_with_both_words_first(self, corpus, make_page):
        only_one = make_page("Économie, économie, économie", "Économie des plateformes.")
        hits = run_search({"q": "économie sociale"}).response.hits
        ranked = [hit.page_id for hit in hits]
        both = [corpus["economie"].pk, corpus["circulaire"].pk]
        assert set(both) <= set(ranked)
        if only_one.pk in ranked:
            assert max(ranked.index(pk) for pk in both) < ranked.index(only_one.pk)

    def test_title_outranks_body(self, engine, make_page):
        in_body = make_page("Compte-rendu de juin", "Nous avons parlé de mutualisation des postes.")
        in_title = make_page("La mutualisation des postes", "Retour sur un atelier.")
        ranked = [hit.page_id for hit in run_search({"q": "mutualisation"}).response.hits]
        assert ranked.index(in_title.pk) < ranked.index(in_body.pk)

    def test_quoted_phrase_matches_the_phrase_only(self, corpus):
        found = ids({"q": '"économie sociale"'})
        assert corpus["economie"].pk in found
        assert corpus["phrase"].pk not in found  # « sociale économie »
        assert corpus["circulaire"].pk not in found  # both words, apart
        both_words = ids({"q": "économie sociale"})
        assert {corpus["phrase"].pk, corpus["circulaire"].pk} <= both_words

    def test_minus_excludes_a_word(self, corpus):
        found = ids({"q": "économie -circulaire"})
        assert corpus["economie"].pk in found
        assert corpus["circulaire"].pk not in found

    def test_excerpt_marks_the_matching_words(self, corpus):
        hit = next(
            hit
            for hit in run_search({"q": "associations"}).response.hits
            if hit.page_id == corpus["economie"].pk
        )
        assert "<mark>associations</mark>" in hit.excerpt


@pytest.mark.django_db
class TestFacetsAndFilters:
    def test_facet_counts_equal_the_results_of_each_bucket(self, corpus):
        outcome = run_search({"q": "économie"})
        assert outcome.response.total >= 3
        checked = 0
        for kind, buckets in outcome.response.facets.items():
            for bucket in buckets:
                filtered = run_search({"q": "économie", kind: bucket.value})
                assert filtered.response.total == bucket.count, (kind, bucket)
                checked += 1
        assert {"type", "theme", "keyword", "year"} <= {
            kind for kind, buckets in outcome.response.facets.items() if buckets
        }
        assert checked >= 6
        assert sum(b.count for b in outcome.response.facets["type"]) == outcome.response.total

    def test_filters_combine(self, corpus):
        by_theme = ids({"q": "économie", "theme": "ess"})
        by_year = ids({"q": "économie", "year": "2024"})
        combined = ids({"q": "économie", "theme": "ess", "year": "2024"})
        assert combined == by_theme & by_year
        # The theme's own name (« Économie sociale… ») makes its pages match « économie ».
        assert combined == {corpus["cooperative"].pk}

    def test_keyword_filter(self, corpus):
        assert ids({"keyword": "gouvernance"}) == {
            corpus["economie"].pk,
            corpus["association"].pk,
        }

    def test_facet_links_add_and_remove_filters(self, corpus, client):
        html = client.get(URL, {"q": "économie"}).content.decode()
        assert "theme=ess" in html and "year=2024" in html
        html = client.get(URL, {"q": "économie", "theme": "ess", "year": "2024"}).content.decode()
        assert "Créer une coopérative d&#x27;activité" in html
        assert "L&#x27;économie sociale en pratique" not in html
        # The removal links keep the other filter.
        assert "?q=%C3%A9conomie&amp;year=2024" in html
        assert "?q=%C3%A9conomie&amp;theme=ess" in html

    def test_sort_by_date(self, corpus):
        hits = run_search({"q": "économie", "sort": "date"}).response.hits
        dates = [hit.date for hit in hits]
        assert dates == sorted(dates, reverse=True)

    def test_pagination(self, engine, make_page):
        for number in range(13):
            make_page(f"Fiche atelier {number}", "Un atelier de coopération.")
        first = run_search({"q": "atelier"})
        second = run_search({"q": "atelier", "page": "2"})
        assert first.response.total == 13
        assert len(first.response.hits) == 10 and len(second.response.hits) == 3
        assert not {h.page_id for h in first.response.hits} & {
            h.page_id for h in second.response.hits
        }


@pytest.mark.django_db
class TestIndexFreshness:
    def test_drafts_never_appear(self, engine, make_page):
        draft = make_page("Brouillon confidentiel", "mutualisation secrète", live=False)
        assert draft.pk not in ids({"q": "mutualisation"})

    def test_private_pages_and_their_children_never_appear(self, engine, make_page, publish_now):
        parent = make_page("Espace du bureau", "délibération interne")
        child = make_page("Procès-verbal", "délibération interne du bureau", parent=parent)
        assert {parent.pk, child.pk} <= ids({"q": "délibération"})
        publish_now(make_private, parent)
        assert not ids({"q": "délibération"}) & {parent.pk, child.pk}

    def test_lifting_a_restriction_indexes_the_subtree(self, engine, make_page, publish_now):
        parent = make_page("Espace du bureau", "délibération interne")
        child = make_page("Procès-verbal", "délibération interne du bureau", parent=parent)
        restriction = publish_now(make_private, parent)
        publish_now(restriction.delete)
        assert {parent.pk, child.pk} <= ids({"q": "délibération"})

    def test_unpublishing_removes_a_page_at_once(self, engine, make_page, publish_now):
        page = make_page("Atelier tiers-lieux", "Un tiers-lieu nourricier.")
        assert page.pk in ids({"q": "nourricier"})
        publish_now(page.unpublish)
        assert page.pk not in ids({"q": "nourricier"})

    def test_deleting_removes_a_page(self, engine, make_page, publish_now):
        page = make_page("Atelier tiers-lieux", "Un tiers-lieu nourricier.")
        publish_now(page.delete)
        assert not ids({"q": "nourricier"})

    def test_keyword_edit_then_publish_is_findable_by_the_new_keyword_only(
        self, engine, make_page, publish_now
    ):
        page = make_page("Rencontre régionale", "Compte-rendu.", keywords=["mutualisation"])
        assert page.pk in ids({"keyword": "mutualisation"})
        assert page.pk in ids({"q": "mutualisation"})
        page.keywords.set(["essaimage"])
        publish_now(lambda: page.save_revision().publish())
        assert page.pk in ids({"q": "essaimage"})
        assert page.pk in ids({"keyword": "essaimage"})
        assert page.pk not in ids({"q": "mutualisation"})
        assert page.pk not in ids({"keyword": "mutualisation"})

    def test_theme_edit_then_publish_moves_the_page_between_facets(
        self, engine, make_page, publish_now, themes
    ):
        page = make_page("Rencontre régionale", "Compte-rendu.", themes=[themes["ess"]])
        page.themes = [themes["travail"]]
        publish_now(lambda: page.save_revision().publish())
        assert page.pk in ids({"theme": "sante-au-travail"})
        assert page.pk not in ids({"theme": "ess"})

    def test_moving_a_page_updates_its_url(self, engine, make_page, publish_now):
        page = make_page("Fiche nomade", "Transhumance des savoirs.")
        new_parent = make_page("Ressources", "Un classement.")
        publish_now(page.move, new_parent, pos="last-child")
        hit = run_search({"q": "transhumance"}).response.hits[0]
        assert hit.url.startswith(new_parent.url)


@pytest.mark.django_db
class TestAttachments:
    def test_text_in_a_pdf_and_a_transcript_is_findable_with_its_origin(self, engine, tmp_path):
        pdf_path = tmp_path / "ordre-du-jour.pdf"
        pdf_path.write_bytes(make_pdf("Ordre du jour", ["Point sur la permaculture urbaine."]))
        assert "permaculture" in PdfReader(pdf_path).pages[0].extract_text()
        from search.documents import read_pdf_text

        engine.index(
            [
                IndexDocument(
                    page_id=910001,
                    title="Réunion de mars",
                    url="/reunion-de-mars/",
                    content_type="site_core.standardpage",
                    type_label="Page",
                    body="Compte-rendu de la réunion.",
                    attachments=[
                        Attachment(
                            "PDF : ordre-du-jour.pdf",
                            "pdf",
                            "/documents/1/ordre-du-jour.pdf",
                            read_pdf_text(str(pdf_path)),
                        )
                    ],
                ),
                IndexDocument(
                    page_id=910002,
                    title="Épisode 4",
                    url="/podcast/episode-4/",
                    content_type="site_core.standardpage",
                    type_label="Page",
                    attachments=[
                        Attachment("Transcription", "transcript", "", "On parle de lombricompost.")
                    ],
                ),
            ]
        )
        pdf_hit = run_search({"q": "permaculture"}).response.hits[0]
        assert pdf_hit.page_id == 910001
        assert pdf_hit.source_label == "PDF : ordre-du-jour.pdf"
        assert pdf_hit.source_url == "/documents/1/ordre-du-jour.pdf"
        assert "<mark>permaculture</mark>" in pdf_hit.excerpt
        transcript_hit = run_search({"q": "lombricompost"}).response.hits[0]
        assert transcript_hit.page_id == 910002
        assert transcript_hit.source_label == "Transcription"


@pytest.mark.django_db
class TestAutocompleteAndCorrections:
    def test_autocomplete_suggests_titles_from_a_prefix(self, corpus, client):
        data = client.get(reverse("search:autocomplete"), {"q": "coopér"}).json()
        assert "Créer une coopérative d'activité" in [r["title"] for r in data["results"]]
        data = client.get(reverse("search:autocomplete"), {"q": "cooper"}).json()
        assert "Créer une coopérative d'activité" in [r["title"] for r in data["results"]]

    def test_correction_keeps_the_filters(self, corpus):
        outcome = run_search({"q": "assocation", "keyword": "gouvernance"})
        assert outcome.corrected is not None
        assert {hit.page_id for hit in outcome.response.hits} == {
            corpus["association"].pk,
            corpus["economie"].pk,  # « associations » in its text
        }

"""The /recherche/ page and the autocomplete endpoint: robustness, outages, markup, queries."""

import logging

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from site_core.models import StandardPage

URL = reverse("search:search")

ROBUSTNESS_INPUTS = [
    "",
    "   ",
    "é" * 10_000,
    "économie " * 1_200,
    '"économie sociale',
    '"économie" "',
    "«économie»",
    "*",
    "econ*",
    "-",
    "- économie",
    "-économie",
    "économie NEAR coopérative",
    "NEAR(économie coopérative, 3)",
    "économie OR coopérative",
    "OR",
    "AND NOT",
    "(économie) AND (",
    ")))(((",
    "title:économie",
    "{title body}: économie",
    "économie'; DROP TABLE search_searchentry; --",
    "' OR 1=1 --",
    '" OR ""="',
    "économie & | ! <-> :*",
    "<script>alert(1)</script>",
    "\x00\x01\x7f",
    "😀 coopérative 🌱",
    "l'",
    "qu'",
    "le la les des",
]


@pytest.mark.django_db
class TestRobustness:
    @pytest.mark.parametrize("text", ROBUSTNESS_INPUTS)
    def test_every_input_answers_a_page(self, corpus, client, text):
        response = client.get(URL, {"q": text})
        assert response.status_code == 200
        assert b'id="search-q"' in response.content

    @pytest.mark.parametrize("raw", [b"%FF%FE%FD", b"%C3%28", b"%ED%A0%80", b"%E9conomie"])
    def test_invalid_utf8_answers_a_page(self, corpus, client, raw):
        response = client.get(URL + "?q=" + raw.decode())
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "params",
        [
            {"q": "économie", "page": "-3"},
            {"q": "économie", "page": "abc"},
            {"q": "économie", "page": "999999999999"},
            {"q": "économie", "year": "deux-mille"},
            {"q": "économie", "year": "99999999999999999999"},
            {"q": "économie", "theme": "x" * 5000},
            {"q": "économie", "sort": "'; DROP TABLE"},
            {"q": ["économie", "coopérative"]},
        ],
    )
    def test_odd_parameters_answer_a_page(self, corpus, client, params):
        assert client.get(URL, params).status_code == 200

    def test_typed_markup_is_escaped(self, corpus, client):
        html = client.get(URL, {"q": "<script>alert(1)</script> économie"}).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html

    def test_indexed_markup_is_escaped_in_excerpts(self, engine, make_page, client):
        make_page("Atelier", "", summary="<img src=x onerror=alert(1)> permaculture & co")
        html = client.get(URL, {"q": "permaculture"}).content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt; <mark>permaculture</mark> &amp; co" in html

    def test_empty_query_shows_the_form_only(self, corpus, client):
        html = client.get(URL).content.decode()
        assert 'id="search-q"' in html
        assert "résultat" not in html


@pytest.mark.django_db
class TestEngineDown:
    def _break_database_engine(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TABLE search_fts")
            else:
                cursor.execute("ALTER TABLE search_searchentry DROP COLUMN search_vector")

    def test_database_engine_failure_answers_503_in_french(self, corpus, engine, client):
        if engine.name == "elasticsearch":
            pytest.skip("database engines only")
        self._break_database_engine()
        response = client.get(URL, {"q": "économie"})
        assert response.status_code == 503
        assert "La recherche est momentanément indisponible" in response.content.decode()
        assert client.get(reverse("search:autocomplete"), {"q": "éco"}).status_code == 503

    def test_unreachable_elasticsearch_answers_503_in_french(self, db, home_page, client, settings):
        settings.SEARCH_URL = "http://127.0.0.1:9"
        response = client.get(URL, {"q": "économie"})
        assert response.status_code == 503
        assert "La recherche est momentanément indisponible" in response.content.decode()
        assert 'id="search-q"' in response.content.decode()

    def test_publishing_works_while_elasticsearch_is_down(
        self, db, home_page, settings, publish_now, caplog
    ):
        settings.SEARCH_URL = "http://127.0.0.1:9"
        page = StandardPage(title="Publiée malgré tout", slug="publiee")
        home_page.add_child(instance=page)
        with caplog.at_level(logging.ERROR, logger="maillage.search"):
            publish_now(lambda: page.save_revision().publish())
        page.refresh_from_db()
        assert page.live
        assert any("not updated" in record.getMessage() for record in caplog.records)

    def test_publishing_works_while_the_database_engine_is_broken(
        self, engine, home_page, publish_now, caplog
    ):
        if engine.name == "elasticsearch":
            pytest.skip("database engines only")
        self._break_database_engine()
        page = StandardPage(title="Publiée malgré tout", slug="publiee")
        home_page.add_child(instance=page)
        with caplog.at_level(logging.ERROR, logger="maillage.search"):
            publish_now(lambda: page.save_revision().publish())
        page.refresh_from_db()
        assert page.live
        assert StandardPage.objects.get(pk=page.pk).title == "Publiée malgré tout"


@pytest.mark.django_db
class TestResultsPage:
    def test_hits_show_type_date_excerpt_and_link(self, corpus, client):
        html = client.get(URL, {"q": "coopérative"}).content.decode()
        assert f'href="{corpus["cooperative"].url}"' in html
        assert f"<span>{corpus['cooperative'].type_label}</span>" in html
        assert '<time datetime="2024-03-15">' in html
        assert "<mark>coopérative</mark>" in html

    def test_query_count_does_not_grow_with_results(
        self, engine, make_page, client, django_assert_max_num_queries
    ):
        for number in range(4):
            make_page(f"Fiche {number}", "Atelier de coopération.", keywords=[f"mot{number}"])
        # 3 search queries (4 on PostgreSQL: the bounds of the page ids, then the most recent
        # matches bucket by bucket) in a savepoint (2), editors' picks (1), the hit for
        # Wagtail's search-terms report (up to 6), the synonym sets until cached (1), the
        # layout (site, menu, settings).
        with django_assert_max_num_queries(25) as few:
            client.get(URL, {"q": "coopération"})
        for number in range(4, 24):
            make_page(f"Fiche {number}", "Atelier de coopération.", keywords=[f"mot{number}"])
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(URL, {"q": "coopération"})
        assert response.context["total"] == 24

    def test_editors_picks_show_first(self, corpus, client):
        pick = SearchPromotion.objects.create(
            query=Query.get("statuts"),
            page=corpus["association"],
            sort_order=0,
            description="Notre guide des statuts associatifs.",
        )
        html = client.get(URL, {"q": "Statuts"}).content.decode()
        assert "La sélection de la rédaction" in html
        assert html.index(pick.description) < html.index("Créer une coopérative")

    def test_group_box_searches_within_a_group(self, corpus, client):
        # The group filter is the group page's slug; no group here, so nothing matches.
        response = client.get(URL, {"q": "économie", "group": "groupe-inconnu"})
        assert response.status_code == 200
        assert response.context["total"] == 0
        assert 'name="group" value="groupe-inconnu"' in response.content.decode()

    def test_correction_link_searches_the_original_spelling(self, corpus, client):
        html = client.get(URL, {"q": "assocation"}).content.decode()
        assert "Rechercher plutôt « assocation »" in html
        response = client.get(URL, {"q": "assocation", "nofix": "1"})
        assert response.context["total"] == 0
        assert "Résultats pour" not in response.content.decode()


@pytest.mark.django_db
class TestAutocomplete:
    def test_short_input_returns_nothing(self, corpus, client):
        data = client.get(reverse("search:autocomplete"), {"q": "c"}).json()
        assert data["results"] == []

    def test_results_carry_title_url_and_type(self, corpus, client):
        data = client.get(reverse("search:autocomplete"), {"q": "vie asso"}).json()
        assert data["results"][0] == {
            "title": "Vie associative",
            "url": corpus["association"].url,
            "type": corpus["association"].type_label,
        }

    @pytest.mark.parametrize("text", ["*", '"', "NEAR(", "'; --", "\x00", "é" * 5000])
    def test_odd_input_is_harmless(self, corpus, client, text):
        assert client.get(reverse("search:autocomplete"), {"q": text}).status_code == 200


@pytest.mark.django_db
class TestBroadMatches:
    """A match larger than SEARCH_BROAD_MATCH_LIMIT is ranked and counted by facet among its
    most recent pages, with « environ » counts; a smaller one stays exact."""

    @pytest.fixture
    def pages(self, engine, make_page, themes):
        if engine.name == "elasticsearch":
            pytest.skip("the database engines' bound")
        made = [
            make_page(f"Ressourcerie {n}", "Le réemploi des objets.", themes=[themes["ess"]])
            for n in range(7)
        ]
        made.append(make_page("Cantine", "Le réemploi des plateaux."))
        return made

    def test_a_small_match_is_exact(self, pages, client, settings):
        settings.SEARCH_BROAD_MATCH_LIMIT = 100
        html = client.get(URL, {"q": "réemploi"}).content.decode()
        assert "8 résultats" in html
        assert "environ" not in html
        assert 'Économie sociale et solidaire <span class="search-facets__count">(7)' in html

    def test_a_broad_match_is_bounded_and_says_environ(self, pages, client, settings):
        from search.service import run_search

        settings.SEARCH_BROAD_MATCH_LIMIT = 4
        outcome = run_search({"q": "réemploi"})
        assert outcome.response.ranked_among == 4
        newest = sorted(page.pk for page in pages)[-4:]
        assert {hit.page_id for hit in outcome.response.hits} == set(newest)
        assert outcome.page_obj.paginator.count == 4
        # Estimated from the 4 newest pages: 8 entries down to the 4th newest of 8.
        assert outcome.response.total == 8
        buckets = outcome.response.facets["theme"]
        assert [(b.value, b.approximate) for b in buckets] == [("ess", True)]
        html = client.get(URL, {"q": "réemploi"}).content.decode()
        assert "Environ 8 résultats" in html
        assert "les 4 pages les plus récentes" in html
        assert "(environ " in html

    def test_estimates_are_rounded_to_two_digits(self):
        from search.engines.database import estimate

        assert estimate(0, 88_000, 2000) == 0
        assert estimate(1, 10, 2000) == 1
        assert estimate(530, 88_499, 2000) == 23_000
        assert isinstance(estimate(530, 88_499, 2000), int)
        assert estimate(2000, 100_000, 2261) == 88_000

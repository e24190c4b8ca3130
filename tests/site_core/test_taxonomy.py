import pytest
from django.urls import reverse

from site_core.listing import pages_with_keyword, pages_with_theme
from site_core.models import Keyword, StandardPage, Theme
from tests.utils import add_child, make_private


def standard(home, slug, title, *, keywords=(), themes=(), live=True):
    page = StandardPage(title=title, slug=slug)
    if keywords:
        page.keywords.add(*keywords)
    if themes:
        page.themes = list(themes)
    return add_child(home, page, live=live)


@pytest.mark.django_db
class TestKeywords:
    def test_keywords_are_one_case_insensitive_pool(self, home_page):
        standard(home_page, "a", "A", keywords=["Économie"])
        standard(home_page, "b", "B", keywords=["économie"])
        assert Keyword.objects.filter(name__iexact="économie").count() == 1

    def test_keyword_slug_is_ascii(self, home_page):
        standard(home_page, "a", "A", keywords=["Santé au travail"])
        assert Keyword.objects.get().slug == "sante-au-travail"

    def test_keyword_page_lists_live_public_pages_only(self, client, home_page):
        standard(home_page, "pub", "Publiée", keywords=["coopération"])
        standard(home_page, "draft", "Brouillon", keywords=["coopération"], live=False)
        private = standard(home_page, "priv", "Privée", keywords=["coopération"])
        make_private(private)
        standard(home_page, "other", "Autre sujet", keywords=["autre"])

        response = client.get(reverse("site_core:keyword", args=["cooperation"]))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Mot-clé : coopération" in html
        assert "Publiée" in html
        for absent in ("Brouillon", "Privée", "Autre sujet"):
            assert absent not in html

    def test_keyword_page_paginates(self, client, home_page):
        for i in range(15):
            standard(home_page, f"p{i}", f"Fiche numéro {i:02d}", keywords=["méthode"])
        first = client.get(reverse("site_core:keyword", args=["methode"]))
        second = client.get(reverse("site_core:keyword", args=["methode"]), {"page": 2})
        beyond = client.get(reverse("site_core:keyword", args=["methode"]), {"page": "zzz"})
        assert len(first.context["pages"]) == 12
        assert len(second.context["pages"]) == 3
        assert "15 pages" in first.content.decode()
        assert 'rel="next"' in first.content.decode()
        assert beyond.status_code == 200
        assert beyond.context["page_obj"].number == 1

    def test_unknown_keyword_is_404(self, client, home_page):
        assert client.get(reverse("site_core:keyword", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
class TestThemes:
    def test_theme_page_lists_live_public_pages(self, client, home_page):
        theme = Theme.objects.create(name="Gouvernance partagée")
        standard(home_page, "pub", "Décider ensemble", themes=[theme])
        standard(home_page, "draft", "Brouillon", themes=[theme], live=False)
        private = standard(home_page, "priv", "Privée", themes=[theme])
        make_private(private)

        response = client.get(reverse("site_core:theme", args=[theme.slug]))

        html = response.content.decode()
        assert theme.slug == "gouvernance-partagee"
        assert "Thématique : Gouvernance partagée" in html
        assert "Décider ensemble" in html
        assert "Brouillon" not in html
        assert "Privée" not in html

    def test_child_of_private_page_is_excluded(self, home_page):
        theme = Theme.objects.create(name="Accompagnement")
        parent = standard(home_page, "parent", "Parent privé")
        make_private(parent)
        child = add_child(parent, StandardPage(title="Enfant", slug="enfant"))
        child.themes = [theme]
        child.save_revision().publish()
        assert list(pages_with_theme(theme)) == []

    def test_cross_type_queries_take_one_query_whatever_the_types(
        self, home_page, django_assert_num_queries
    ):
        # One query for the pages of every type; view restrictions are a subquery in it.
        theme = Theme.objects.create(name="Éducation populaire")
        standard(home_page, "a", "A", keywords=["débat"], themes=[theme])
        keyword = Keyword.objects.get(name="débat")
        with django_assert_num_queries(1):
            assert len(list(pages_with_keyword(keyword))) == 1
        with django_assert_num_queries(1):
            assert len(list(pages_with_theme(theme))) == 1

    def test_taxonomy_index_lists_themes_and_keywords(self, client, home_page):
        Theme.objects.create(name="Transition écologique")
        standard(home_page, "a", "A", keywords=["réemploi"])
        html = client.get(reverse("site_core:taxonomy_index")).content.decode()
        assert "Transition écologique" in html
        assert "réemploi" in html

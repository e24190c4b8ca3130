import pytest
from django.urls import reverse

from articles.factories import MethodSheetPageFactory, ResourceIndexPageFactory
from site_core.models import HomePage, HomePageFeatured, StandardPage
from tests.utils import add_child, make_private, publish


@pytest.fixture
def resources(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def sheet(parent, title, slug):
    """A published sheet (a publication sets first_published_at, which « this month » reads)."""
    return publish(MethodSheetPageFactory(parent=parent, title=title, slug=slug))


@pytest.mark.django_db
class TestHomePage:
    def test_lists_newest_live_pages_and_never_drafts_or_private_pages(
        self, client, home_page, resources
    ):
        older = sheet(resources, "Une page ancienne", "ancienne")
        newer = sheet(resources, "Une page récente", "recente")
        draft = sheet(resources, "Un brouillon secret", "brouillon")
        draft.unpublish()
        private = sheet(resources, "Une page privée", "privee")
        make_private(private)
        add_child(home_page, StandardPage(title="Mentions légales", slug="mentions"))

        response = client.get("/")

        assert response.status_code == 200
        html = response.content.decode()
        assert "Nouveau ce mois-ci" in html
        assert html.index("Une page récente") < html.index("Une page ancienne")
        assert "Un brouillon secret" not in html
        assert "Une page privée" not in html
        recent = [page.pk for page in response.context["this_month"]]
        assert recent[:2] == [newer.pk, older.pk]
        # Plain pages (legal notice, about) are not news: not in the home sections.
        assert "Mentions légales" not in html.split('id="month-title"')[1].split("</main>")[0]

    def test_headline_and_picks_skip_unpublished_pages_and_no_card_repeats(
        self, client, home_page, resources
    ):
        featured = sheet(resources, "Mise en avant", "avant")
        withdrawn = sheet(resources, "Retirée", "retiree")
        headline = sheet(resources, "La une", "une")
        HomePageFeatured.objects.create(home=home_page, page=featured, sort_order=0)
        HomePageFeatured.objects.create(home=home_page, page=withdrawn, sort_order=1)
        HomePageFeatured.objects.create(home=home_page, page=headline, sort_order=2)
        withdrawn.unpublish()
        home_page.headline_title = "Notre une"
        home_page.headline_page = headline
        home_page.save()

        response = client.get("/")

        assert [p.pk for p in response.context["featured_pages"]] == [featured.pk]
        assert response.context["headline_page"].pk == headline.pk
        month = [p.pk for p in response.context["this_month"]]
        assert featured.pk not in month and headline.pk not in month
        html = response.content.decode()
        assert "À la une" in html and "Notre une" in html
        assert html.count('href="/ressources/avant/"') == 1

    def test_home_page_is_a_singleton_at_the_root(self, home_page):
        assert HomePage.max_count == 1
        assert not HomePage.can_create_at(home_page)

    def test_query_count_does_not_grow_with_pages(
        self, client, home_page, resources, django_assert_max_num_queries
    ):
        for i in range(3):
            sheet(resources, f"Page {i}", f"page-{i}")
        client.get("/")  # warm caches (site root, content types)
        with django_assert_max_num_queries(30) as few:
            client.get("/")
        for i in range(3, 15):
            sheet(resources, f"Page {i}", f"page-{i}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get("/")
        assert len(response.context["this_month"]) == 6


@pytest.mark.django_db
class TestNavigation:
    def test_menu_shows_live_public_pages_in_menus(self, client, home_page):
        add_child(home_page, StandardPage(title="À propos", slug="a-propos", show_in_menus=True))
        add_child(home_page, StandardPage(title="Hors menu", slug="hors-menu"))
        html = client.get("/").content.decode()
        assert 'href="/a-propos/"' in html
        assert "Hors menu" not in html.split("</nav>")[0]

    def test_site_map_lists_public_pages_only(self, client, home_page):
        add_child(home_page, StandardPage(title="Visible", slug="visible"))
        hidden = add_child(home_page, StandardPage(title="Cachée", slug="cachee"))
        make_private(hidden)
        html = client.get(reverse("site_core:site_map")).content.decode()
        assert "Plan du site" in html
        assert "Visible" in html
        assert "Cachée" not in html

import datetime

import pytest
from django.utils import timezone
from django.utils.text import slugify

from site_core.models import StandardPage, Theme
from tests.utils import add_child, assert_no_axe_violations


def page_of(title, body, year, themes):
    page = StandardPage(
        title=title,
        slug=slugify(title),
        summary=body,
        body=[("paragraph", f"<p>{body}</p>")],
    )
    page.first_published_at = timezone.make_aware(datetime.datetime(year, 6, 1, 9))
    page.themes = themes
    return page


@pytest.mark.browser
def test_reader_searches_without_accents_narrows_and_opens_a_result(
    page, live_server, transactional_db, home_page, settings
):
    settings.SEARCH_URL = ""
    ess = Theme.objects.create(name="Économie sociale et solidaire", slug="ess")
    work = Theme.objects.create(name="Santé au travail", slug="sante-au-travail")
    add_child(
        home_page, page_of("Économie des tiers-lieux", "Une économie de proximité.", 2023, [ess])
    )
    add_child(
        home_page, page_of("Économie et coopératives", "L'économie coopérative.", 2024, [ess])
    )
    add_child(home_page, page_of("Prévenir l'usure", "Économie du soin et santé.", 2024, [work]))

    page.goto(live_server.url + "/")
    page.get_by_role("search").get_by_label("Rechercher dans le site").fill("economie")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=economie")
    assert page.get_by_role("heading", name="3 résultats").is_visible()
    assert page.locator(".search-hit mark").first.inner_text().lower() == "économie"
    assert_no_axe_violations(page)

    facets = page.get_by_role("navigation", name="Affiner la recherche")
    facets.get_by_role("link", name="Économie sociale et solidaire (2)").click()
    assert page.get_by_role("heading", name="2 résultats").is_visible()
    page.get_by_role("navigation", name="Affiner la recherche").get_by_role(
        "link", name="2024 (1)"
    ).click()
    assert page.get_by_role("heading", name="1 résultat").is_visible()
    assert "theme=ess" in page.url and "year=2024" in page.url
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Économie et coopératives").click()
    page.wait_for_url("**/economie-et-cooperatives/")
    assert page.locator("h1").inner_text() == "Économie et coopératives"

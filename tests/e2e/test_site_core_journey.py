import pytest

from site_core.models import StandardPage
from tests.utils import add_child, assert_no_axe_violations


@pytest.mark.browser
def test_reader_opens_home_and_follows_the_navigation(
    page, live_server, transactional_db, home_page
):
    add_child(
        home_page,
        StandardPage(
            title="À propos du réseau",
            slug="a-propos",
            show_in_menus=True,
            summary="Qui nous sommes et comment nous travaillons.",
            body=[("paragraph", "<p>Nous mettons en commun nos savoirs.</p>")],
        ),
    )

    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == home_page.title
    assert page.get_attribute("html", "lang") == "fr"
    assert_no_axe_violations(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="À propos du réseau"
    ).click()
    page.wait_for_url("**/a-propos/")
    assert page.locator("h1").inner_text() == "À propos du réseau"
    assert (
        page.get_by_role("link", name="À propos du réseau").first.get_attribute("aria-current")
        == "page"
    )
    assert_no_axe_violations(page)

    # The skip link is the first thing a keyboard reaches and leads to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Aller au contenu" in focused

import io

import pytest
from pypdf import PdfReader

from articles.factories import (
    MethodSheetPageFactory,
    MethodSheetStepFactory,
    ResourceIndexPageFactory,
    WhitePaperPageFactory,
    WhitePaperSourceFactory,
)
from site_core.models import Theme
from tests.utils import assert_no_axe_violations, publish
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)


@pytest.mark.browser
def test_reader_finds_a_method_by_theme_and_follows_a_white_paper_to_its_sources(
    page, live_server, transactional_db, home_page
):
    resources = ResourceIndexPageFactory(parent=home_page, show_in_menus=True)
    popular = Theme.objects.create(name="Éducation populaire")
    Theme.objects.create(name="Santé au travail")
    sheet = MethodSheetPageFactory(
        parent=resources, title="L'entraînement mental", slug="entrainement-mental"
    )
    sheet.themes = [popular]
    publish(sheet)
    MethodSheetStepFactory(
        sheet=sheet, title="Décrire la situation", duration_minutes=30, sort_order=0
    )
    MethodSheetStepFactory(sheet=sheet, title="Agir", duration_minutes=45, sort_order=1)
    publish(sheet)
    MethodSheetPageFactory(parent=resources, title="Une fiche sans rapport", slug="sans-rapport")
    groups = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=groups, title="Santé au travail dans les coopératives", short_name="SANTE"
    )
    minutes = MeetingMinutesPageFactory(parent=group, title="Rencontre sur l'usure")
    paper = WhitePaperPageFactory(
        parent=resources, title="Prévenir l'usure", slug="prevenir-l-usure"
    )
    WhitePaperSourceFactory(paper=paper, source=minutes, note="atelier")

    page.goto(live_server.url + resources.url)
    assert_no_axe_violations(page)
    page.get_by_role("navigation", name="Filtrer les ressources").get_by_role(
        "link", name="Éducation populaire"
    ).click()
    page.wait_for_url("**/ressources/?theme=education-populaire")
    assert page.get_by_role("link", name="Une fiche sans rapport").count() == 0
    assert_no_axe_violations(page)

    page.get_by_role("link", name="L'entraînement mental").click()
    page.wait_for_url("**/entrainement-mental/")
    assert page.locator("ol.steps > li").count() == 2
    total = page.locator(".steps__total").inner_text().replace("\u00a0", " ")
    assert "Total : 1 h 15" in total
    assert page.get_by_role("button", name="Imprimer la fiche").is_visible()
    assert_no_axe_violations(page)

    # Printed for the room: the sheet alone, on one A4 page.
    page.emulate_media(media="print")
    assert page.locator("ol.steps").is_visible()
    for chrome in (".site-header", ".site-footer", "[data-print]", ".taxonomy"):
        assert page.locator(chrome).count() == 0 or not page.locator(chrome).first.is_visible()
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) == 1
    box = printed.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = printed.pages[0].extract_text().replace("\u00a0", " ")
    assert "Décrire la situation" in text and "Total : 1 h 15" in text
    page.emulate_media(media="screen")

    page.goto(live_server.url + paper.url)
    assert_no_axe_violations(page)
    page.get_by_role("region", name="Construit à partir de").get_by_role(
        "link", name="Rencontre sur l'usure"
    ).click()
    page.wait_for_url(f"**{minutes.url}")
    assert page.locator("h1").inner_text() == "Rencontre sur l'usure"
    page.get_by_role("region", name="A nourri").get_by_role(
        "link", name="Prévenir l'usure"
    ).wait_for()
    assert_no_axe_violations(page)

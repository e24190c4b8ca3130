"""A reader filters the register to one organisation's open actions, opens the meeting that
decided one, and downloads the group's dossier; axe-core finds nothing, on desktop and phone."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.utils import assert_no_axe_violations
from tests.working_groups.capital_data import build_network

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
class TestCapitalisationJourney:
    def test_register_to_meeting_to_dossier(self, page, live_server, home_page, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        network = build_network(home_page)
        page.goto(f"{live_server.url}/decisions/")
        assert_no_axe_violations(page)
        page.get_by_role("link", name="En cours ou à faire").first.click()
        page.locator(".register-filters").get_by_role("link", name="Coopérative Ouest").click()
        page.wait_for_url("**organisation=**")
        rows = page.locator(".register-row")
        assert rows.count() == 2
        assert "Proposer un binôme de mentorat" in page.content()
        assert "Charte d'accueil adoptée" not in page.content()
        page.set_viewport_size({"width": 390, "height": 844})
        assert_no_axe_violations(page)
        page.set_viewport_size({"width": 1280, "height": 900})

        mentor = rows.filter(has_text="Proposer un binôme de mentorat")
        mentor.get_by_role("link", name="Troisième rencontre PRAXIS").click()
        page.wait_for_url(f"**{network['m3'].url}")
        assert page.locator("h1").inner_text() == "Troisième rencontre PRAXIS"
        assert "Proposer un binôme de mentorat" in page.content()

        page.goto(f"{live_server.url}{network['praxis'].url}decisions/")
        assert_no_axe_violations(page)
        page.goto(f"{live_server.url}/agenda/")
        assert_no_axe_violations(page)
        page.goto(f"{live_server.url}{network['praxis'].url}")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Le dossier du groupe (PDF)").click(modifiers=["Alt"])
        path = download_info.value.path()
        reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
        assert "Troisième rencontre PRAXIS" in "".join(p.extract_text() for p in reader.pages)
        assert_no_axe_violations(page)

"""An editor assembles a booklet in the admin: chooses a theme, unticks a page, builds it and
downloads the PDF (read back with pypdf); axe-core finds nothing on the
whole admin page."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.utils import assert_no_axe_violations
from tests.working_groups.capital_data import build_network
from working_groups.provisioning import add_member

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
class TestBookletJourney:
    def test_choose_a_theme_untick_build_download(
        self, page, live_server, home_page, settings, tmp_path, django_user_model
    ):
        settings.MEDIA_ROOT = str(tmp_path)
        network = build_network(home_page)
        for name in ("m2", "m3", "draft"):
            network[name].themes.add(network["theme"])
            network[name].save()
        editor = django_user_model.objects.create_user(
            username="editrice", email="editrice@example.org", password="editrice-pass"
        )
        add_member(network["praxis"], editor, "editor")

        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "editrice")
        page.fill("#id_password", "editrice-pass")
        page.locator("form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        page.get_by_role("link", name="Livrets").click()
        expect(page).to_have_url(re.compile(r"/admin/livrets/$"))

        page.get_by_label("Thématique").select_option(label="Gouvernance partagée")
        page.get_by_role("button", name="Afficher les pages").click()
        rows = page.locator(".booklet-pages tbody tr")
        expect(rows).to_have_count(3)  # the draft is not offered
        assert_no_axe_violations(page)  # the whole admin page, Wagtail's chrome included
        page.get_by_label("Deuxième rencontre PRAXIS").uncheck()
        page.get_by_label("Titre du livret").fill("L'accueil en trois temps")
        page.get_by_role("button", name="Construire le livret").click()
        expect(page.get_by_text("est prêt")).to_be_visible()

        with page.expect_download() as download_info:
            page.locator(".booklet-row").first.get_by_role(
                "link", name=re.compile("Télécharger")
            ).click()
        reader = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert "L'accueil en trois temps" in reader.pages[0].extract_text()
        assert "Première rencontre PRAXIS" in text and "Troisième rencontre PRAXIS" in text
        assert "Deuxième rencontre PRAXIS" not in text
        assert "Rencontre en brouillon" not in text

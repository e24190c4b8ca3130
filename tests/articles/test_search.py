"""What resources hand to the public search: their text, and the white paper's PDF."""

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader
from wagtail.documents.models import Document

from articles.factories import (
    MethodSheetPageFactory,
    MethodSheetStepFactory,
    WhitePaperPageFactory,
)
from articles.models import WhitePaperContributor
from site_core.demo_tools import make_pdf
from tests.utils import publish


def document(title, filename, content):
    doc = Document(title=title)
    doc.file.save(filename, ContentFile(content))
    return doc


@pytest.mark.django_db
class TestSearchText:
    def test_a_sheet_hands_its_objective_and_steps(self, resources):
        sheet = MethodSheetPageFactory(parent=resources, objective="Trancher sans voter.")
        MethodSheetStepFactory(
            sheet=sheet, title="Tour d'objections", instructions="Chacun dit s'il objecte."
        )
        publish(sheet)
        body = sheet.get_search_body()
        assert "Trancher sans voter." in body
        assert "Tour d'objections" in body and "Chacun dit s'il objecte." in body

    def test_a_white_paper_hands_its_abstract_chapters_and_contributors(self, resources):
        paper = WhitePaperPageFactory(
            parent=resources,
            abstract="<p>Le <b>résumé</b> du livre.</p>",
            chapters=[
                (
                    "chapter",
                    {
                        "heading": "Cinq repères",
                        "anchor": "",
                        "body": [("paragraph", "<p>Compter le temps de travail.</p>")],
                    },
                )
            ],
        )
        paper.contributors.add(WhitePaperContributor(organisation="Réseau des tiers-lieux"))
        publish(paper)
        body = paper.get_search_body()
        assert "Le résumé du livre." in body
        assert "Cinq repères" in body and "Compter le temps de travail." in body
        assert "<p>" not in body
        assert "Réseau des tiers-lieux" in body


@pytest.mark.django_db
class TestSearchAttachments:
    def test_the_pdf_is_handed_with_a_readable_path(self, resources):
        pdf = document(
            "Livre blanc (PDF)",
            "livre-blanc.pdf",
            make_pdf("Prévenir l'usure", ["Ritualiser les retours d'expérience."]),
        )
        paper = WhitePaperPageFactory(parent=resources, pdf=pdf)

        [attachment] = paper.get_search_attachments()

        assert attachment.kind == "pdf"
        assert attachment.url == pdf.url
        assert "Livre blanc (PDF)" in attachment.label
        with attachment.file.storage.open(attachment.file.name) as handle:
            text = PdfReader(handle).pages[0].extract_text()
        assert "Ritualiser les retours" in text

    def test_no_pdf_no_attachment(self, resources):
        assert WhitePaperPageFactory(parent=resources).get_search_attachments() == []

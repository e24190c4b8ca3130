"""Minutes imported from real .docx (python-docx) and .odt (odfpy) files of the reference shape."""

import datetime
import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from odf.draw import Frame
from odf.draw import Image as DrawImage
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P, Span
from PIL import Image as PILImage
from wagtail.images import get_image_model

from working_groups.importing import (
    ImportRefused,
    find_date,
    parse_participant_line,
    read_document,
)
from working_groups.models import MeetingMinutesPage
from working_groups.provisioning import setup_for

TITLE = "Compte-rendu de la 1ère rencontre"
PARTICIPANT_LINES = [
    "Christelle Bottary, Florent Houdmond / Intermade",
    "Amanda Morbelli, Bruno Lasnier / Apeas",
    "Philippe Oswald / Place",
]
EXPECTED_PEOPLE = [
    ("Christelle Bottary", "Intermade"),
    ("Florent Houdmond", "Intermade"),
    ("Amanda Morbelli", "Apeas"),
    ("Bruno Lasnier", "Apeas"),
    ("Philippe Oswald", "Place"),
]
SECTION = "I - Introduction et présentation des objectifs du groupe"
PARAGRAPH = "Ce groupe de travail s'inscrit dans le cadre des expérimentations de l'atelier."
BULLETS = ["Information et orientation", "Articulation des dispositifs"]


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_docx(*, with_table_of_participants=False) -> bytes:
    document = docx.Document()
    document.add_heading(TITLE, 1)
    document.add_paragraph("Synthèse de la première rencontre du 03 octobre 2007")
    if with_table_of_participants:
        table = document.add_table(rows=1 + len(EXPECTED_PEOPLE), cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Nom", "Structure"
        for row, (name, organisation) in enumerate(EXPECTED_PEOPLE, start=1):
            table.cell(row, 0).text, table.cell(row, 1).text = name, organisation
    else:
        document.add_paragraph("Participants :")
        for line in PARTICIPANT_LINES:
            document.add_paragraph(line)
        document.add_paragraph("")
    document.add_heading(SECTION, 2)
    paragraph = document.add_paragraph(PARAGRAPH + " ")
    paragraph.add_run("Cette dimension est centrale.").bold = True
    for bullet in BULLETS:
        document.add_paragraph(bullet, style="List Bullet")
    document.add_picture(io.BytesIO(png_bytes()))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Fonction", "Acteurs"
    table.cell(1, 0).text, table.cell(1, 1).text = "Accueil", "Apeas, Intermade"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_odt() -> bytes:
    document = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, text=TITLE))
    document.text.addElement(P(text="Synthèse de la première rencontre du 03 octobre 2007"))
    document.text.addElement(P(text="Participants :"))
    for line in PARTICIPANT_LINES:
        document.text.addElement(P(text=line))
    document.text.addElement(P(text=""))
    document.text.addElement(H(outlinelevel=2, text=SECTION))
    paragraph = P(text=PARAGRAPH + " ")
    paragraph.addElement(Span(stylename=bold, text="Cette dimension est centrale."))
    document.text.addElement(paragraph)
    bullets = List()
    for bullet in BULLETS:
        item = ListItem()
        item.addElement(P(text=bullet))
        bullets.addElement(item)
    document.text.addElement(bullets)
    href = document.addPicture("Pictures/schema.png", "image/png", png_bytes((30, 30, 200)))
    frame = Frame(width="4cm", height="3cm", anchortype="as-char")
    frame.addElement(DrawImage(href=href))
    holder = P()
    holder.addElement(frame)
    document.text.addElement(holder)
    table = Table(name="Fonctions")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in (("Fonction", "Acteurs"), ("Accueil", "Apeas, Intermade")):
        row = TableRow()
        for text in cells:
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def body_text(page) -> str:
    parts = []
    for block in page.body:
        if block.block_type == "heading":
            parts.append(block.value["text"])
        elif block.block_type == "paragraph":
            parts.append(block.value.source)
        elif block.block_type == "callout":
            parts.append(block.value["text"].source)
    return "\n".join(parts)


def import_url(group):
    return reverse("working_groups_import_minutes", args=(group.pk,))


def upload(client, group, name, content):
    return client.post(import_url(group), {"document": SimpleUploadedFile(name, content)})


class TestReading:
    def test_participant_lines_of_the_reference_shape(self):
        assert parse_participant_line("Christelle Bottary, Florent Houdmond / Intermade") == [
            ("Christelle Bottary", "Intermade"),
            ("Florent Houdmond", "Intermade"),
        ]
        assert parse_participant_line("Hélène Laude") == [("Hélène Laude", "")]

    def test_dates_as_minutes_write_them(self):
        assert find_date("première rencontre du 03 octobre 2007") == datetime.date(2007, 10, 3)
        assert find_date("le 1er décembre 2026") == datetime.date(2026, 12, 1)
        assert find_date("2007/10/03. Compte-rendu") == datetime.date(2007, 10, 3)
        assert find_date("Rencontre du 25/11/2026") == datetime.date(2026, 11, 25)
        assert find_date("sans date") is None

    def test_a_table_of_participants_is_read_as_rows(self):
        imported = read_document("cr.docx", make_docx(with_table_of_participants=True))
        assert imported.participants == EXPECTED_PEOPLE

    def test_a_zip_bomb_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<w/>" + b"\0" * (8 * 1024 * 1024))
        with pytest.raises(ImportRefused) as refused:
            read_document("bombe.docx", buffer.getvalue())
        assert "protéger le site" in str(refused.value)

    def test_other_formats_are_refused_in_french(self):
        with pytest.raises(ImportRefused) as refused:
            read_document("cr.pdf", b"%PDF-1.4")
        assert "Seuls les documents .docx (Word) et .odt (LibreOffice)" in str(refused.value)


@pytest.mark.django_db
class TestImportIntoADraft:
    @pytest.mark.parametrize("kind", ["docx", "odt"])
    def test_a_document_of_the_reference_shape_becomes_a_draft_to_review(
        self, group_a, people, client, kind
    ):
        client.force_login(people["writer_a"])
        content = make_docx() if kind == "docx" else make_odt()
        response = upload(client, group_a, f"compte-rendu.{kind}", content)
        assert response.status_code == 302, response.context["form"].errors
        page = MeetingMinutesPage.objects.get(title=TITLE)
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))
        assert not page.live
        assert page.owner == people["writer_a"]
        assert page.meeting_date == datetime.date(2007, 10, 3)
        assert [(p.name, p.organisation) for p in page.participants.all()] == EXPECTED_PEOPLE
        kinds = [block.block_type for block in page.body]
        assert kinds[0] == "callout"  # what needs checking, said on the draft
        assert "heading" in kinds and "image" in kinds
        text = body_text(page)
        assert SECTION in text
        assert PARAGRAPH in text
        assert "<b>Cette dimension est centrale.</b>" in text
        for bullet in BULLETS:
            assert f"<li>{bullet}</li>" in text
        assert "Accueil — Apeas, Intermade" in text  # the table, kept as a list
        assert "tableau" in text and "texte alternatif" in text
        assert "style=" not in text and "<span" not in text
        image = next(block.value for block in page.body if block.block_type == "image")["image"]
        assert image.collection == setup_for(group_a).collection
        assert page.get_latest_revision() is not None
        # The draft opens in the editor.
        assert client.get(response["Location"]).status_code == 200

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("abime.docx", b"PK\x03\x04 not really a zip"),
            ("abime.odt", make_odt()[:400]),
            ("faux.docx", b"Bonjour, je ne suis pas un document."),
        ],
    )
    def test_a_damaged_file_gives_a_french_error_and_creates_nothing(
        self, group_a, people, client, name, content
    ):
        client.force_login(people["writer_a"])
        images_before = get_image_model().objects.count()
        response = upload(client, group_a, name, content)
        assert response.status_code == 200
        errors = response.context["form"].errors["document"]
        assert "ne peut pas être lu" in errors[0] or "n’est pas un document" in errors[0]
        assert not MeetingMinutesPage.objects.child_of(group_a).exists()
        assert get_image_model().objects.count() == images_before

    def test_only_the_groups_writers_may_import(self, group_a, people, client):
        client.force_login(people["writer_b"])
        response = upload(client, group_a, "cr.docx", make_docx())
        assert response.status_code in {302, 403}  # Wagtail sends refusals back to the dashboard
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
        assert not MeetingMinutesPage.objects.exists()

"""A zip bomb dressed as a .docx is refused with a clear French message; real documents pass."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model


def zip_bomb(megabytes=60) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def office_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", "<w:document>" + "Compte-rendu. " * 2000 + "</w:document>"
        )
    return buffer.getvalue()


def upload(client, audit, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "collection": audit["collection_a"],
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.django_db
class TestArchiveUploads:
    def test_a_zip_bomb_is_refused_in_french_and_nothing_is_stored(self, as_actor, audit):
        bomb = zip_bomb()
        assert len(bomb) < 200 * 1024
        response = upload(as_actor("writer_a"), audit, "bombe.docx", bomb)
        assert response.status_code == 200
        assert "« zip bomb »" in response.content.decode()
        assert not get_document_model().objects.filter(title="bombe.docx").exists()

    def test_an_ordinary_office_document_is_accepted(self, as_actor, audit):
        response = upload(as_actor("writer_a"), audit, "compte-rendu.docx", office_document())
        assert response.status_code == 302
        assert get_document_model().objects.filter(title="compte-rendu.docx").exists()

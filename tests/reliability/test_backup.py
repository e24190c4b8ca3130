"""`manage.py backup` and `manage.py restore`: a site with real content and media is backed up,
wiped, restored, and answers with the same pages, files and search results; a damaged or
mismatched archive is refused with a French message, before anything changes."""

import html
import io
import json
import shutil
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from wagtail.models import Page

from search.service import run_search
from site_core.backup import create_backup, media_hashes
from tests.follow_corpus import build_corpus


def backup(path):
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    return out.getvalue()


def restore(path, **options):
    out = io.StringIO()
    call_command("restore", str(path), yes=True, stdout=out, **options)
    return out.getvalue()


def found(query):
    return sorted(hit.url for hit in run_search({"q": query}).response.hits)


def snapshot(client, corpus):
    """What a reader sees: each public page's status and title, the files, the search."""
    pages = {}
    for name in ("minutes", "group_sheet", "paper", "episode", "group", "other_minutes"):
        page = corpus[name]
        response = client.get(page.url)
        pages[page.url] = (
            response.status_code,
            html.escape(page.title) in response.content.decode(),
        )
    return {
        "pages": pages,
        "private": client.get(corpus["private_sheet"].url).status_code,
        "search": {q: found(q) for q in ("gouvernance", "rencontre", "coopérer")},
        "page_count": Page.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
class TestRoundTrip:
    def test_backup_wipe_restore_gives_back_the_same_site(self, home_page, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        corpus = build_corpus(home_page)
        client = Client()
        before = snapshot(client, corpus)
        assert all(status == 200 and titled for status, titled in before["pages"].values()), before
        assert before["search"]["gouvernance"]  # the search finds something to compare
        files = media_hashes(tmp_path / "media")
        assert len(files) == 3  # two PDFs and an episode's audio

        archive = tmp_path / "site.tar.gz"
        said = backup(archive)
        assert "3 fichiers médias" in said and archive.is_file()
        with tarfile.open(archive) as opened:
            manifest = json.loads(opened.extractfile("manifest.json").read())
        assert manifest["media"] == files
        assert manifest["row_counts"]["wagtailcore_page"] == before["page_count"]

        # Wipe: the database emptied, the media folder gone.
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(tmp_path / "media")
        assert client.get(corpus["minutes"].url).status_code == 404
        assert found("gouvernance") == []

        said = restore(archive)
        assert "SHA-256" in said
        assert media_hashes(tmp_path / "media") == files
        after = snapshot(Client(), corpus)
        assert after == before
        pdf = corpus["pdf"]
        pdf.refresh_from_db()
        assert pdf.file.read()[:5] == b"%PDF-"

    def test_restore_into_a_fresh_media_folder(self, home_page, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        build_corpus(home_page)
        archive = tmp_path / "site.tar.gz"
        backup(archive)
        fresh = tmp_path / "fresh-media"
        restore(archive, media_root=str(fresh))
        assert media_hashes(fresh) == media_hashes(tmp_path / "media")


@pytest.fixture
def archive(home_page, settings, tmp_path):
    """A backup of a small site: the home page and one media file."""
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "charte.txt").write_text("Charte du réseau\n", encoding="utf-8")
    settings.MEDIA_ROOT = str(media)
    path = tmp_path / "site.tar.gz"
    create_backup(connection, media, path)
    return path


def rewrite(archive, destination, *, manifest=None, replace=None, extra=None):
    """Copy an archive, changing its manifest, the bytes of a member, or adding a member."""
    with tarfile.open(archive) as source, tarfile.open(destination, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            if replace and member.name in replace:
                data = replace[member.name]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return destination


def refused(path, media_root):
    pages = Page.objects.count()
    with pytest.raises(CommandError) as error:
        restore(path, media_root=str(media_root))
    assert Page.objects.count() == pages  # nothing changed
    assert not (media_root / "documents").exists()
    return str(error.value)


@pytest.mark.django_db
class TestRefusals:
    def test_a_truncated_archive(self, archive, tmp_path):
        damaged = tmp_path / "damaged.tar.gz"
        damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        message = refused(damaged, tmp_path / "out")
        assert "endommagée ou tronquée" in message and "Rien n’a été modifié" in message

    def test_a_file_that_is_not_an_archive(self, tmp_path, home_page):
        path = tmp_path / "notes.tar.gz"
        path.write_text("pas une archive", encoding="utf-8")
        assert "endommagée ou tronquée" in refused(path, tmp_path / "out")

    def test_a_missing_archive(self, tmp_path, home_page):
        assert "Aucune archive" in refused(tmp_path / "absente.tar.gz", tmp_path / "out")

    def test_an_altered_media_file(self, archive, tmp_path):
        altered = rewrite(
            archive, tmp_path / "altered.tar.gz", replace={"media/documents/charte.txt": b"faux"}
        )
        message = refused(altered, tmp_path / "out")
        assert "documents/charte.txt" in message and "SHA-256" in message

    def test_an_altered_database(self, archive, tmp_path):
        name = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
        altered = rewrite(archive, tmp_path / "altered.tar.gz", replace={name: b"\0" * 64})
        assert "base de données de l’archive" in refused(altered, tmp_path / "out")

    def test_an_entry_the_manifest_does_not_list(self, archive, tmp_path):
        sneaky = rewrite(archive, tmp_path / "sneaky.tar.gz", extra={"../../etc/cron.d/x": b"x"})
        assert "Entrée inattendue" in refused(sneaky, tmp_path / "out")

    def test_an_archive_without_manifest(self, tmp_path, home_page):
        path = tmp_path / "other.tar.gz"
        with tarfile.open(path, "w:gz") as target:
            info = tarfile.TarInfo("notes.txt")
            target.addfile(info, io.BytesIO(b""))
        assert "pas été faite par" in refused(path, tmp_path / "out")

    def test_an_archive_of_the_other_database_engine(self, archive, tmp_path):
        other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

        def swap(manifest):
            manifest["database"]["vendor"] = other
            return manifest

        message = refused(rewrite(archive, tmp_path / "x.tar.gz", manifest=swap), tmp_path / "o")
        assert f"contient une base {other}" in message

    def test_an_archive_of_a_newer_version(self, archive, tmp_path):
        def newer(manifest):
            manifest["migrations"].append("working_groups.9999_from_the_future")
            return manifest

        message = refused(rewrite(archive, tmp_path / "x.tar.gz", manifest=newer), tmp_path / "o")
        assert "version plus récente" in message and "9999_from_the_future" in message

    def test_cancelled_without_yes(self, archive, tmp_path, monkeypatch):
        monkeypatch.setattr("builtins.input", lambda prompt: "non")
        with pytest.raises(CommandError, match="annulée"):
            call_command("restore", str(archive), media_root=str(tmp_path / "o"))

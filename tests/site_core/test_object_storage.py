"""Media in an S3-compatible bucket: a real S3 server (moto's) on loopback, the settings'
own recipe (site_core/settings/storage.py), real files read back through HTTP."""

import io
import socket
import urllib.request

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.images.models import Image

from podcasts.factories import PodcastEpisodePageFactory, make_audio_media
from site_core.settings.storage import s3_storages
from tests.follow_corpus import make_pdf
from tests.podcasts.conftest import show  # noqa: F401 (fixture)
from tests.utils import make_private
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesDocument

BUCKET = "maillage-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    storages = s3_storages(
        bucket=BUCKET,
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key="testing",
        secret_key="testing",
        url_expiry=120,
    )
    with override_settings(STORAGES={**settings.STORAGES, **storages}):
        yield s3_endpoint


def fetch(url, headers=None):
    """GET from the S3 server as a browser following the redirect would."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.status, response.headers, response.read()  # headers: case-insensitive


def minutes_with(home_page, document, **kwargs):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=index, title="Tiers-lieux", short_name="TL")
    minutes = MeetingMinutesPageFactory(parent=group, **kwargs)
    MeetingMinutesDocument.objects.create(page=minutes, document=document)
    minutes.save_revision().publish()
    return group, minutes


@pytest.mark.django_db
class TestObjectStorage:
    def test_files_go_to_the_bucket_and_not_to_the_disk(self, bucket):
        document = make_pdf("ordre.pdf", "Ordre du jour")
        assert document.file.storage.serves_by_redirect
        with pytest.raises(NotImplementedError):
            document.file.path  # noqa: B018
        status, _headers, body = fetch(document.file.url)
        assert status == 200 and body.startswith(b"%PDF")
        # Objects are private: the same address without its signature is refused.
        with pytest.raises(urllib.error.HTTPError) as refused:
            fetch(document.file.url.split("?")[0])
        assert refused.value.code == 403

    def test_public_document_redirects_to_a_signed_url(self, bucket, client, home_page):
        document = make_pdf("cr-mars.pdf", "Compte rendu de mars")
        minutes_with(home_page, document)
        response = client.get(document.url)
        assert response.status_code == 302
        assert response["Location"].startswith(bucket + f"/{BUCKET}/documents/")
        assert "X-Amz-Signature=" in response["Location"]
        assert response["Cache-Control"].startswith("public, max-age=")
        status, headers, body = fetch(response["Location"])
        assert status == 200
        with document.file.open("rb") as handle:
            assert body == handle.read()
        assert headers["Content-Disposition"].startswith("attachment")

    def test_draft_document_refused_to_anonymous_private_redirect_otherwise(
        self, bucket, client, home_page, superuser
    ):
        document = make_pdf("brouillon.pdf", "Brouillon")
        group, minutes = minutes_with(home_page, document)
        minutes.unpublish()
        assert client.get(document.url).status_code == 404
        client.force_login(superuser)
        response = client.get(document.url)
        assert response.status_code == 302
        assert response["Cache-Control"] == "private, no-store"
        _status, headers, _body = fetch(response["Location"])
        assert headers["Cache-Control"] == "private, no-store"

    def test_private_page_document_refused(self, bucket, client, home_page):
        document = make_pdf("prive.pdf", "Réservé")
        _group, minutes = minutes_with(home_page, document)
        make_private(minutes)
        assert client.get(document.url).status_code in (302, 404)
        response = client.get(document.url)
        assert BUCKET not in response.get("Location", "")

    def test_audio_range_206_byte_for_byte(self, bucket, client, show):  # noqa: F811
        episode = PodcastEpisodePageFactory(parent=show, audio=make_audio_media(seconds=1.0))
        with episode.audio.file.open("rb") as handle:
            content = handle.read()
        response = client.get(episode.audio_url, HTTP_RANGE="bytes=100-199")
        assert response.status_code == 302
        assert response["Cache-Control"].startswith("public")
        status, headers, body = fetch(response["Location"], {"Range": "bytes=100-199"})
        assert status == 206
        assert headers["Content-Range"] == f"bytes 100-199/{len(content)}"
        assert body == content[100:200]

    def test_pdf_text_found_by_search(self, bucket, client, home_page):
        document = make_pdf("jardin.pdf", "Permaculture sur les toits du quartier")
        _group, minutes = minutes_with(home_page, document, title="Rencontre de juin")
        call_command("rebuild_search_index", verbosity=0)
        response = client.get("/recherche/", {"q": "permaculture"})
        assert response.status_code == 200
        assert minutes.title in response.content.decode()

    def test_rendition_and_dossier_with_an_image(self, bucket, client, home_page):
        buffer = io.BytesIO()
        PILImage.new("RGB", (800, 400), (20, 120, 60)).save(buffer, format="PNG")
        image = Image(title="Logo")
        image.file.save("logo.png", ContentFile(buffer.getvalue()), save=False)
        image.width, image.height = 800, 400
        image.save()
        rendition = image.get_rendition("max-600x300|format-png")
        assert "X-Amz-Signature" not in rendition.url  # a plain, lasting URL for cached pages
        assert rendition.file.storage.serves_by_redirect
        with rendition.file.open("rb") as handle:
            assert PILImage.open(handle).size == (600, 300)
        document = make_pdf("annexe.pdf", "Annexe")
        group, _minutes = minutes_with(home_page, document)
        group.listing_image = image
        group.save_revision().publish()
        response = client.get(group.url + "dossier.pdf")
        assert response.status_code == 200
        pdf = b"".join(response.streaming_content)
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        assert "Tiers-lieux" in reader.pages[0].extract_text()
        assert any(page.images for page in reader.pages[:1])  # the logo came from the bucket


def test_settings_switch_it_on_from_the_environment_and_keep_objects_private():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "MEDIA_S3_BUCKET": "reseau",
        "MEDIA_S3_ENDPOINT_URL": "http://minio:9000",
        "MEDIA_S3_PUBLIC_URL": "https://fichiers.example.org",
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES, s.SECURE_CSP['img-src'], s.SECURE_CSP['media-src']]))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    storages, img_src, media_src = json.loads(out.strip().splitlines()[-1])
    default = storages["default"]["OPTIONS"]
    assert storages["default"]["BACKEND"] == "site_core.storage.MediaS3Storage"
    assert default["bucket_name"] == "reseau"
    assert default["default_acl"] == "private"
    assert default["querystring_auth"] is True
    assert default["file_overwrite"] is False
    assert storages["renditions"]["OPTIONS"]["querystring_auth"] is False
    assert "https://fichiers.example.org" in img_src
    assert "https://fichiers.example.org" in media_src

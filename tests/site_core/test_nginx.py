"""The project's nginx configuration in front of a real gunicorn, on loopback.

Everything lives under a temporary prefix: a SQLite database migrated by the child process (the
test database of pytest-django is in memory, out of gunicorn's reach), media, static files, the
rendered nginx configuration. `.ci/run` installs Debian's nginx-light and sets REQUIRE_NGINX=1.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATE = BASE_DIR / "deploy/nginx/maillage.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

SETUP = r"""
import json
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
from django.core.files.base import ContentFile
from podcasts.factories import (
    PodcastEpisodePageFactory, PodcastIndexPageFactory, PodcastShowPageFactory,
)
from tests.podcasts.conftest import make_image
from tests.utils import ensure_site_tree

home = ensure_site_tree()
image = make_image(size=(600, 600))
show = PodcastShowPageFactory(
    parent=PodcastIndexPageFactory(parent=home), title="Les voix", slug="les-voix", artwork=image
)
public = PodcastEpisodePageFactory(parent=show, title="En ligne", number=1)
draft = PodcastEpisodePageFactory(parent=show, title="Brouillon", number=2)
draft.unpublish()
root = Collection.get_first_root_node()
private = root.add_child(name="Réservé")
CollectionViewRestriction.objects.create(
    collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="secret"
)
def document(title, collection, text, extension="txt"):
    doc = Document(title=title, collection=collection)
    doc.file.save(f"{title}.{extension}", ContentFile(text.encode()), save=False)
    doc.save()
    return doc
# A document is served only when a page the reader may see uses it (security/files.py): the
# public episode's transcript.
open_doc = document(
    "ouvert", root, "WEBVTT\n\n00:00.000 --> 00:01.000\nCompte rendu public.\n", "vtt"
)
public.transcript_file = open_doc
public.save_revision().publish()
from wagtail.models import ReferenceIndex
ReferenceIndex.create_or_update_for_object(public)
closed_doc = document("ferme", private, "Compte rendu réservé.")
print(json.dumps({
    "image": image.file.url,
    "audio": public.audio_url,
    "audio_path": public.audio.file.path,
    "draft_audio": draft.audio_url,
    "draft_audio_media": draft.audio.file.url,
    "open_doc": open_doc.url,
    "open_doc_media": open_doc.file.url,
    "closed_doc": closed_doc.url,
    "episode": public.url,
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render(tmp: Path, *, listen: int, upstream: int, media: Path, static: Path) -> Path:
    """The server block as the official image renders it, inside an http block of our own."""
    server = Template(TEMPLATE.read_text()).safe_substitute(
        MAILLAGE_UPSTREAM=f"127.0.0.1:{upstream}",
        MAILLAGE_LISTEN=f"127.0.0.1:{listen}",
        MAILLAGE_STATIC_ROOT=str(static),
        MAILLAGE_MEDIA_ROOT=str(media),
        MAILLAGE_MAX_BODY="210m",
    )
    temp_paths = " ".join(
        f"{kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi")
    )
    conf = tmp / "nginx.conf"
    # Started as root (CI containers), nginx's workers would drop to `nobody`, who cannot read
    # pytest's private temporary folder: keep them as the current user.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; {temp_paths} "
        f"scgi_temp_path {tmp}/scgi;\n{server}\n}}\n"
    )
    return conf


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, **headers):
    """(status, headers, body) without following redirects."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not os.path.exists(NGINX):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("nginx is required (REQUIRE_NGINX=1) but is not installed")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    tmp = tmp_path_factory.mktemp("nginx")
    media, static = tmp / "media", tmp / "static"
    gunicorn_port, nginx_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
        "DJANGO_SECRET_KEY": "nginx-test-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DATA_DIR": str(tmp),
        "DATABASE_URL": "",
        "SEARCH_URL": "",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(static),
        "MEDIA_X_ACCEL_REDIRECT": "true",
        "SITE_BASE_URL": f"http://127.0.0.1:{nginx_port}",
    }
    manage = [sys.executable, "manage.py"]
    quiet = {"env": env, "cwd": BASE_DIR, "check": True, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "--no-input"], **quiet)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--no-input"], **quiet)  # noqa: S603
    setup = subprocess.run([*manage, "shell", "-c", SETUP], **quiet)  # noqa: S603
    urls = json.loads(setup.stdout.strip().splitlines()[-1])
    conf = render(tmp, listen=nginx_port, upstream=gunicorn_port, media=media, static=static)
    checked = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "site_core.wsgi:application", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{gunicorn_port}", "--log-level", "warning"],
        env=env,
        cwd=BASE_DIR,
    )
    subprocess.run([NGINX, "-c", str(conf), "-p", str(tmp)], check=True)  # noqa: S603
    try:
        wait_for(f"http://127.0.0.1:{gunicorn_port}/health/")
        wait_for(f"http://127.0.0.1:{nginx_port}/health/")
        yield {
            "nginx": f"http://127.0.0.1:{nginx_port}",
            "gunicorn": f"http://127.0.0.1:{gunicorn_port}",
            "urls": urls,
            "media": media,
        }
    finally:
        pid = (tmp / "nginx.pid").read_text().strip() if (tmp / "nginx.pid").exists() else ""
        if pid:
            os.kill(int(pid), 15)
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


HTTPS = {"X-Forwarded-Proto": "https"}  # what a TLS terminator in front of nginx adds


class TestNginxInFrontOfGunicorn:
    def test_ssl_redirect_and_health_check_agree(self, stack):
        # Plain HTTP through nginx: redirected to HTTPS; from the TLS terminator: served.
        status, headers, _ = fetch(stack["nginx"] + stack["urls"]["episode"])
        assert status == 301 and headers["Location"].startswith("https://")
        assert fetch(stack["nginx"] + stack["urls"]["episode"], **HTTPS)[0] == 200
        # The container health check calls gunicorn in plain HTTP: 200, not a redirect.
        status, _, body = fetch(stack["gunicorn"] + "/health/")
        assert status == 200 and json.loads(body)["status"] == "ok"

    def test_static_files_with_long_cache(self, stack):
        status, headers, body = fetch(stack["nginx"] + "/static/site_core/css/site.css")
        assert status == 200 and b"{" in body
        assert "max-age=31536000" in headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]

    def test_public_images_from_disk(self, stack):
        status, headers, body = fetch(stack["nginx"] + stack["urls"]["image"])
        assert status == 200 and body[:2] == b"\xff\xd8"  # a JPEG
        assert "public" in headers["Cache-Control"]

    def test_audio_range_is_a_206_sent_by_nginx(self, stack):
        url = stack["nginx"] + stack["urls"]["audio"]
        status, headers, body = fetch(url, Range="bytes=10-109", **HTTPS)
        data = Path(stack["urls"]["audio_path"]).read_bytes()
        assert status == 206
        assert headers["Content-Range"] == f"bytes 10-109/{len(data)}"
        assert body == data[10:110]
        assert "X-Accel-Redirect" not in headers
        assert headers["Content-Type"].startswith("audio/")
        # Without nginx, gunicorn would answer the hand-off itself: an empty body.
        status, headers, body = fetch(stack["gunicorn"] + stack["urls"]["audio"], **HTTPS)
        assert headers["X-Accel-Redirect"].startswith("/_protected/") and body == b""

    def test_draft_audio_and_private_documents_are_refused(self, stack):
        urls = stack["urls"]
        assert fetch(stack["nginx"] + urls["draft_audio"], **HTTPS)[0] == 404
        # The files are on disk, but nginx refuses /media/ paths other than images.
        assert fetch(stack["nginx"] + urls["draft_audio_media"], **HTTPS)[0] == 404
        assert fetch(stack["nginx"] + urls["open_doc_media"], **HTTPS)[0] == 404
        # The internal location is reached only through X-Accel-Redirect.
        assert (
            fetch(stack["nginx"] + "/_protected/" + urls["open_doc_media"][7:], **HTTPS)[0] == 404
        )
        status, headers, body = fetch(stack["nginx"] + urls["closed_doc"], **HTTPS)
        # A document of a restricted collection that no visible page uses: the site's 404 page,
        # never the file (security/files.py).
        assert "Compte rendu réservé" not in body.decode(errors="replace")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        status, headers, body = fetch(stack["nginx"] + urls["open_doc"], **HTTPS)
        assert status == 200 and b"Compte rendu public." in body

    def test_the_404_is_the_sites_french_page(self, stack):
        for path in (
            "/page-qui-n-existe-pas/",
            "/media/documents/absent.pdf",
            "/static/absent.css",
        ):
            status, headers, body = fetch(stack["nginx"] + path, **HTTPS)
            assert status == 404, path
            assert "Page introuvable" in body.decode(), path


class TestSlowClientsAreHeldByNginx:
    """Half-open requests (partial headers, a body that never ends) must not take gunicorn's
    sync workers: the stack runs one worker, so a single request forwarded before its body is
    complete would stall every other request until gunicorn's own timeout."""

    def test_the_configuration_buffers_and_times_out_slow_clients(self):
        conf = TEMPLATE.read_text()
        for directive in (
            "client_header_timeout 15s;",
            "client_body_timeout 15s;",
            "proxy_request_buffering on;",
        ):
            assert directive in conf, directive
        assert "proxy_request_buffering off" not in conf

    def test_a_request_is_answered_while_half_open_connections_are_held(self, stack):
        host, port = stack["nginx"].removeprefix("http://").split(":")
        held = []
        try:
            for number in range(4):
                sock = socket.create_connection((host, int(port)), timeout=5)
                if number % 2:
                    # Headers complete, a body announced that never arrives whole.
                    sock.sendall(
                        b"POST /recherche/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 100000\r\n\r\nq=lent"
                    )
                else:
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                held.append(sock)
            time.sleep(0.5)  # nginx has read what there is
            for _ in range(3):
                status, _, body = fetch(stack["nginx"] + "/health/", **HTTPS)
                assert status == 200 and json.loads(body)["status"] == "ok"
            status, _, body = fetch(stack["nginx"] + stack["urls"]["episode"], **HTTPS)
            assert status == 200 and "En ligne" in body.decode()
            # The slow sockets are still open: nothing was answered or closed for them yet.
            for sock in held:
                sock.setblocking(False)
                with pytest.raises(BlockingIOError):
                    sock.recv(1)
        finally:
            for sock in held:
                sock.close()

"""Outages with real faults: an unreachable database, a PostgreSQL behind a proxy that goes down or
hangs, a Redis port where nothing listens, a mail relay that accepts and never answers.

Each test checks the status, ``Retry-After``, the French page, recovery without a restart, and
that nothing is lost (a reaction's text comes back; a mail is queued, then sent).
"""

import time
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import WorkflowState

from contributions.models import Reaction
from tests.contributions.conftest import reaction_data
from tests.reliability.conftest import TcpProxy, free_port


def unreachable(conn):
    """Point a connection at a database that cannot be reached; returns a function to undo it."""
    original = dict(conn.settings_dict)
    saved = None
    if conn.vendor == "sqlite":
        saved, conn.connection = conn.connection, None
        conn.settings_dict["NAME"] = "/nonexistent-dir/for-outage-test/db.sqlite3"
    else:
        conn.close()
        conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", str(free_port())

    def restore():
        conn.settings_dict.clear()
        conn.settings_dict.update(original)
        if saved is not None:
            conn.connection = saved
        else:
            conn.close()

    return restore


def assert_french_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "momentanément indisponible" in body
    assert '<html lang="fr">' in body


@pytest.mark.django_db(transaction=True)
class TestDatabaseUnreachable:
    def test_public_page_admin_and_reaction_answer_a_french_503_then_recover(
        self, minutes_a, superuser
    ):
        client = Client(raise_request_exception=False)
        client.force_login(superuser)
        url = reverse("contributions:post", args=[minutes_a.pk])
        text = "Notre expérience à Lyon : trois ans de coopération, rien à perdre."
        data = reaction_data(minutes_a, client, body=text)  # the session is stored before
        restore = unreachable(connection)
        try:
            assert_french_503(client.get(minutes_a.url))
            assert_french_503(client.get("/admin/"))
            response = client.post(url, data)
            assert_french_503(response)
            assert text in response.content.decode()  # the person's text comes back
            health = client.get("/health/")
            assert health.status_code == 503 and health.json()["database"] == "down"
        finally:
            restore()
        # Recovery without a restart: the same process answers again, and the text can be sent.
        assert client.get(minutes_a.url).status_code == 200
        assert client.get("/health/").status_code == 200
        other = Client()
        assert other.post(url, reaction_data(minutes_a, other, body=text)).status_code == 302
        assert Reaction.objects.filter(body=text).count() == 1


def served(path):
    """A GET through Django's WSGI handler, as gunicorn serves it.

    Unlike the test client, the handler fires ``request_started`` and ``request_finished`` with
    ``close_old_connections``: a persistent connection (``CONN_MAX_AGE``) that failed is dropped
    at the end of the request, and the next request opens a new one. Returns (status, headers,
    body)."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # as the WSGI server does: fires request_finished
    return answer["status"], answer["headers"], body


def assert_french_503_served(answer):
    status, headers, body = answer
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "momentanément indisponible" in body and '<html lang="fr">' in body


def backend_pid():
    return connection.connection.info.backend_pid if connection.connection else None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a TCP proxy in front of PostgreSQL")
class TestPostgresBehindAProxy:
    def test_persistent_connection_cut_then_hung_then_back_without_a_restart(self, minutes_a):
        settings_dict = connection.settings_dict
        assert settings_dict["CONN_MAX_AGE"] > 0  # the production set-up: persistent connections
        original = dict(settings_dict)
        proxy = TcpProxy(
            settings_dict.get("HOST") or "127.0.0.1", int(settings_dict.get("PORT") or 5432)
        )
        proxy.up()
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
        path = minutes_a.url
        try:
            assert served(path)[0] == 200
            pid = backend_pid()
            assert served(path)[0] == 200
            assert backend_pid() == pid  # the same connection serves both requests

            proxy.down()  # the network path is cut: the persistent connection breaks
            assert_french_503_served(served(path))
            assert connection.connection is None  # dropped by request_finished

            proxy.hang()  # a dead path: connections accepted, never answered
            started = time.monotonic()
            assert_french_503_served(served(path))
            assert time.monotonic() - started < 6  # connect_timeout, not gunicorn's 30 s

            proxy.up()  # back: the next request connects again, no restart
            status, _headers, body = served(path)
            assert status == 200 and minutes_a.title in body
            assert backend_pid() not in (None, pid)
        finally:
            proxy.down()
            connection.close()
            settings_dict.clear()
            settings_dict.update(original)


def redis_cache(port):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }


@pytest.mark.django_db
class TestCache:
    def test_redis_down_serves_uncached_and_health_says_degraded(self, minutes_a):
        with override_settings(CACHES=redis_cache(free_port())):
            client = Client()
            assert client.get(minutes_a.url).status_code == 200
            assert client.get("/").status_code == 200
            response = client.post(
                reverse("contributions:post", args=[minutes_a.pk]), reaction_data(minutes_a, client)
            )
            assert response.status_code == 302
            assert Reaction.objects.filter(page=minutes_a).count() == 1
            health = client.get("/health/")
            assert health.status_code == 200
            assert health.json() == {
                "status": "degraded",
                "database": "ok",
                "cache": "down",
                "search": "ok",
            }

    def test_health_ok_with_a_real_redis(self, home_page):
        import redis

        try:
            redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        with override_settings(CACHES=redis_cache(6379)):
            health = Client().get("/health/")
        assert health.status_code == 200
        assert health.json()["status"] == "ok" and health.json()["cache"] == "ok"


def hung_mail(port):
    return {
        "default": {"BACKEND": "site_core.mail.TaskEmailBackend"},
        "smtp": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 1},
        },
    }


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOCMEM_MAIL = {
    "default": {"BACKEND": "site_core.mail.TaskEmailBackend"},
    "smtp": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path="site_core.mail.send_email")


# Transactional: the worker checks its connection between tasks (``close_old_connections``) and
# drops one left in a transaction, as the test's own transaction would be; in production the
# worker is a process of its own and reads committed rows.
@pytest.mark.django_db(transaction=True)
class TestMailNeverBlocks:
    def test_reaction_and_submission_with_a_hung_relay_then_the_mail_is_sent(
        self, silent_server, minutes_a, editor_a, writer_a
    ):
        with override_settings(MAILERS=hung_mail(silent_server.port), TASKS=DATABASE_TASKS):
            reader = Client()
            data = reaction_data(minutes_a, reader)
            started = time.monotonic()
            response = reader.post(reverse("contributions:post", args=[minutes_a.pk]), data)
            assert response.status_code == 302
            # A writer submits a draft: the workflow starts although the relay hangs.
            draft = minutes_a.specific
            draft.title = "Rencontre de Lyon (complétée)"
            draft.save_revision(user=writer_a)
            draft.get_workflow().start(draft, writer_a)
            elapsed = time.monotonic() - started
            assert elapsed < 3, elapsed  # the relay is never contacted during a request
            assert Reaction.objects.filter(page=minutes_a).count() == 1
            assert WorkflowState.objects.filter(
                object_id=str(minutes_a.pk), status="in_progress"
            ).exists()
            queued = mail_tasks().count()
            assert queued >= 1  # the editor hears of the reaction (and the submission, if set)
            run_worker()  # every attempt times out (1 s) and is queued again, later
            assert mail.outbox == []
            retries = [r for r in mail_tasks() if r.args_kwargs["args"][1:] == [2]]
            assert len(retries) == queued
            assert all(r.status == "READY" for r in retries)
        # The relay is back: the next attempts are sent, none lost.
        with override_settings(MAILERS=LOCMEM_MAIL, TASKS=DATABASE_TASKS):
            mail_tasks().filter(status="READY").update(run_after=minutes_a.first_published_at)
            run_worker()
        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert len(mail.outbox) == queued
        assert set(recipients) == {editor_a.email}
        assert "Rencontre de Lyon" in " ".join(m.body for m in mail.outbox)

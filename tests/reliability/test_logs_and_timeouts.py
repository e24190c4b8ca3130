"""A query stuck behind a lock is cancelled by the statement timeout (a French 503, then the site
answers again); every log line says when, which request, which path and query, which user; a
500 is mailed to DJANGO_ADMINS."""

import io
import logging
import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from site_core.request_log import RequestContextFilter, RequestIdMiddleware
from tests.reliability.test_outages import assert_french_503_served, served


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
class TestStatementTimeout:
    def test_a_query_stuck_behind_a_lock_is_cancelled_then_the_site_answers(self, minutes_a):
        assert "statement_timeout" in connection.settings_dict["OPTIONS"]["options"]
        original = dict(connection.settings_dict["OPTIONS"])
        connection.close()
        connection.settings_dict["OPTIONS"]["options"] = "-c statement_timeout=1000"
        params = connection.settings_dict
        locker = psycopg.connect(
            dbname=params["NAME"], host=params["HOST"] or None, port=params["PORT"] or None,
            user=params["USER"] or None, password=params["PASSWORD"] or None,
        )  # fmt: skip
        try:
            # Another session holds the pages: every read of them waits (a hung database).
            locker.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            assert_french_503_served(served(minutes_a.url))
            assert time.monotonic() - started < 5  # cancelled at 1 s, not after 30 s
            locker.rollback()  # the lock is released
            status, _headers, body = served(minutes_a.url)
            assert status == 200 and "Rencontre de Lyon" in body
        finally:
            locker.rollback()
            locker.close()
            connection.close()
            connection.settings_dict["OPTIONS"] = original


@pytest.fixture
def project_log():
    """A handler with the project's own formatter and filter (settings.LOGGING)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request"]
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("maillage.test")
    logger.addHandler(handler)
    yield logger, stream
    logger.removeHandler(handler)


@pytest.mark.django_db
class TestLogLines:
    def test_a_line_has_time_request_id_path_query_and_user(self, project_log, superuser):
        logger, stream = project_log
        request = RequestFactory().get("/recherche/", {"q": "coop"}, HTTP_X_REQUEST_ID="abc-12345")
        request._cached_user = superuser

        def view(request):
            logger.warning("Quelque chose à noter")
            from django.http import HttpResponse

            return HttpResponse("ok")

        response = RequestIdMiddleware(view)(request)
        assert response["X-Request-ID"] == "abc-12345"
        line = stream.getvalue()
        assert line[:4].isdigit() and line[4] == "-"  # 2026-12-02 18:05:34,175
        assert f"[request=abc-12345 user={superuser.pk} GET /recherche/?q=coop]" in line

    def test_a_new_id_when_the_proxy_sends_none_or_junk(self, home_page):
        first = Client().get("/")["X-Request-ID"]
        junk = Client().get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
        assert len(first) == 32 and first != junk and "<" not in junk

    def test_outside_a_request_the_fields_are_dashes(self, project_log):
        logger, stream = project_log
        logger.warning("tâche de fond")
        assert "[request=- user=- -] tâche de fond" in stream.getvalue()


@pytest.mark.django_db
class TestErrorMail:
    def test_a_500_is_mailed_to_the_admins(self, home_page):
        request = RequestFactory().get("/ressources/", {"page": "2"})
        with override_settings(ADMINS=["Équipe technique <tech@example.org>"]):
            try:
                raise RuntimeError("panne de test")
            except RuntimeError:
                logging.getLogger("django.request").error(
                    "Internal Server Error: %s",
                    request.path,
                    exc_info=True,
                    extra={"status_code": 500, "request": request},
                )
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["Équipe technique <tech@example.org>"]
        assert "panne de test" in mail.outbox[0].body

    def test_no_admins_no_mail(self, home_page):
        with override_settings(ADMINS=[]):
            logging.getLogger("django.request").error("Internal Server Error: /")
        assert mail.outbox == []


def test_background_threads_log_without_a_request(project_log):
    logger, stream = project_log
    worker = threading.Thread(target=logger.warning, args=("dans un fil",))
    worker.start()
    worker.join()
    assert "[request=- user=- -] dans un fil" in stream.getvalue()

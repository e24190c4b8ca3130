import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from site_core.models import StandardPage
from site_core.views import server_error
from tests.utils import add_child

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def unreachable_database(transactional_db):
    """Point the default connection at a database that really cannot be reached, then restore."""
    original = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        # The in-memory test database lives in its connection: keep it aside, restore it after.
        saved = connection.connection
        connection.connection = None
        connection.settings_dict["NAME"] = "/nonexistent-dir/for-health-check/db.sqlite3"
    else:
        saved = None
        connection.close()
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    yield
    connection.settings_dict.clear()
    connection.settings_dict.update(original)
    if saved is not None:
        connection.connection = saved
    else:
        connection.close()


class TestHealth:
    @pytest.mark.django_db
    def test_ok_when_the_database_answers(self, client):
        response = client.get(reverse("health"))
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert response.json()["database"] == "ok"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_503_when_the_database_is_unreachable(self, client, unreachable_database):
        response = client.get(reverse("health"))
        assert response.status_code == 503
        body = json.loads(response.content)
        assert body["status"] == "down"
        assert body["database"] == "down"
        assert response["Retry-After"] == "30"


@pytest.mark.django_db
class TestErrorPages:
    def test_404_is_french_and_styled(self, client, home_page):
        response = client.get("/cette-page-n-existe-pas/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "Page introuvable" in html
        assert "site_core/css/site.css" in html
        assert '<html lang="fr">' in html
        assert 'role="search"' in html

    def test_500_is_french_and_needs_no_database(self, django_assert_num_queries):
        request = RequestFactory().get("/")
        with django_assert_num_queries(0):
            response = server_error(request)
        assert response.status_code == 500
        assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.django_db
class TestRobotsAndSitemap:
    def test_robots_points_to_the_sitemap_and_hides_the_admin(self, client):
        body = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in body
        assert "Sitemap: http://localhost/sitemap.xml" in body

    def test_sitemap_lists_live_pages_only(self, client, home_page):
        add_child(home_page, StandardPage(title="Publiée", slug="publiee"))
        add_child(home_page, StandardPage(title="Brouillon", slug="brouillon"), live=False)
        index = client.get("/sitemap.xml").content.decode()
        assert "/sitemap-standardpage.xml</loc>" in index
        body = client.get("/sitemap-standardpage.xml").content.decode()
        assert "/publiee/</loc>" in body
        assert "/brouillon/" not in body


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "maillage.example.org",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_core.settings.production"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr

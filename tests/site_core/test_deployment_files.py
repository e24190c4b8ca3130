"""docker-compose.yml cannot be started here (no Docker engine): check what can be checked."""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def settings_variables():
    source = (BASE_DIR / "site_core/settings/base.py").read_text()
    source += (BASE_DIR / "site_core/settings/production.py").read_text()
    return set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))


def test_compose_parses_and_has_the_services():
    services = compose()["services"]
    assert {"nginx", "web", "db", "elasticsearch", "redis"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    # Only nginx is published; it reaches gunicorn on the compose network.
    assert "ports" not in services["web"]
    assert services["nginx"]["ports"] == ["${HTTP_PORT:-8080}:80"]
    assert services["nginx"]["environment"]["MAILLAGE_UPSTREAM"] == "web:8000"
    assert services["web"]["environment"]["MEDIA_X_ACCEL_REDIRECT"] == "true"
    template = "./deploy/nginx/maillage.conf.template:/etc/nginx/templates/default.conf.template:ro"
    assert template in services["nginx"]["volumes"]


def test_web_environment_is_what_the_settings_read():
    environment = compose()["services"]["web"]["environment"]
    known = settings_variables() | {"DJANGO_SETTINGS_MODULE"}
    assert set(environment) <= known, set(environment) - known
    for required in (
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "SEARCH_URL",
        "REDIS_URL",
    ):
        assert required in environment
    assert environment["DJANGO_SETTINGS_MODULE"] == "site_core.settings.production"


def test_database_url_points_at_the_db_service():
    services = compose()["services"]
    url = services["web"]["environment"]["DATABASE_URL"]
    assert "@db:5432/" + services["db"]["environment"]["POSTGRES_DB"] in url
    assert services["web"]["environment"]["SEARCH_URL"] == "http://elasticsearch:9200"


def test_readme_documents_every_environment_variable():
    readme = (BASE_DIR / "README.md").read_text()
    undocumented = sorted(name for name in settings_variables() if f"`{name}`" not in readme)
    assert undocumented == []


def test_readme_quick_start_is_two_commands():
    readme = (BASE_DIR / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]

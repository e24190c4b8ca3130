"""Shared fixtures: the site tree, users, and a real browser (Debian's Chromium)."""

import os
import shutil

import pytest

# pytest-django's live_server runs in a thread; Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but is not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def home_page(db):
    """The site's HomePage (rebuilt when a transactional test flushed the migration's data)."""
    from tests.utils import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="root-password"
    )


@pytest.fixture(autouse=True)
def _clear_local_caches():
    """Each test starts and ends with empty local-memory caches: Wagtail keeps renditions in the
    default cache by image id and file hash, so a rendition of an earlier test's image (its file
    in that test's media folder) would be served to a later test whose image has the same id and
    content."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _reset_factory_sequences():
    """Each test starts its factory sequences at zero: results never depend on test order
    (minutes dates grow with the sequence and would drift into the future in a long run)."""
    from working_groups.factories import MeetingMinutesPageFactory

    MeetingMinutesPageFactory.reset_sequence(0, force=True)

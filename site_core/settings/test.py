"""Test settings: fast hasher, local-memory cache and mail, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import env_str

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# The page cache is off in tests, which change content without caring for it; its own tests
# (tests/site_core/test_page_cache*.py) switch it on. One process: the stamp lives in the cache.
PAGE_CACHE_ENABLED = False
PAGE_CACHE_GENERATION_FILE = None
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = env_str("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="maillage-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
REACTIONS_MIN_FILL_SECONDS = 3
DEMO_USERS_ALLOWED = True
# Most tests log into the admin with force_login (no second factor); the second factor's own
# tests turn it on (tests/security/test_second_factor.py), and a test checks production has it.
ADMIN_SECOND_FACTOR = False
# The public address of the test site (the Site record follows it); requests come with the
# Host "testserver", so every absolute URL in a response must ignore the Host header.
WAGTAILADMIN_BASE_URL = "http://localhost"
# Static files served by whitenoise from the app folders, as collectstatic would in production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests compare the plain strings they wrote; the typography tests switch the engine back on
# (tests/site_core/test_typography.py, tests/e2e/test_public_face.py).
FRENCH_TYPOGRAPHY = False

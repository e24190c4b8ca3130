"""Production: secrets from the environment, HTTPS everywhere, no debug."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_int

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random string of 50+ characters")

# DJANGO_SECURE_SSL_REDIRECT: off only when a proxy already redirects to HTTPS.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # set by deploy/nginx/
# The container health check speaks plain HTTP to gunicorn: it must get 200, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# DJANGO_HSTS_SECONDS: how long browsers must only use HTTPS (one year by default).
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = None
# Every admin account needs a second factor; it cannot be switched off here (dev.py only).
ADMIN_SECOND_FACTOR = True

# Background tasks (mail, PDF builds, digests) are stored in the database and run by
# `manage.py db_worker` (the `worker` service of docker-compose.yml): django-tasks-db.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

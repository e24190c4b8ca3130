"""Settings shared by every environment: safe by default.

Every environment variable the project reads is read here, once, with its type and default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from .storage import s3_origins, s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "site_core"


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Environment -------------------------------------------------------------------------------
# DJANGO_SECRET_KEY: signing key (sessions, CSRF, signed forms). Required in production.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# DJANGO_SECRET_KEY_FALLBACKS: former keys, comma-separated, still accepted while a new key is
# rolled out (sessions, reset links and signed subscription links stay valid); see
# docs/operations.md.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
# DJANGO_DEBUG: never on in production; dev.py turns it on.
DEBUG = env_bool("DJANGO_DEBUG", False)
# DJANGO_ALLOWED_HOSTS: comma-separated host names the site answers to.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
# DJANGO_CSRF_TRUSTED_ORIGINS: comma-separated origins (https://example.org) behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# DATA_DIR: where the SQLite database and uploaded media live by default (git-ignored).
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data")))
# DATABASE_URL: postgres://user:pass@host:5432/name or sqlite:///path. Default: SQLite in DATA_DIR.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'maillage.sqlite3'}"
# MEDIA_ROOT / MEDIA_URL: uploaded documents, images and audio.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(DATA_DIR / "media"))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
# MEDIA_X_ACCEL_REDIRECT: nginx sends documents and audio (X-Accel-Redirect to the internal
# location MEDIA_X_ACCEL_PREFIX, see deploy/nginx/) after Django has checked they may be served.
MEDIA_X_ACCEL_REDIRECT = env_bool("MEDIA_X_ACCEL_REDIRECT", False)
MEDIA_X_ACCEL_PREFIX = "/_protected/"
# MEDIA_S3_BUCKET: keep uploaded media in this S3-compatible bucket (AWS S3, MinIO...) rather
# than in MEDIA_ROOT, so that several app servers share them (needs the `s3` extra; see
# docs/operations.md). Empty: the local disk. Objects are private; documents and audio are
# served by a redirect to a signed URL valid MEDIA_S3_URL_EXPIRY seconds, after the permission
# check; renditions (resized images) have plain URLs under `images/`.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET", "") or ""
# MEDIA_S3_ENDPOINT_URL: the S3 API the app servers talk to (http://minio:9000); empty: AWS.
MEDIA_S3_ENDPOINT_URL = env_str("MEDIA_S3_ENDPOINT_URL", "") or ""
# MEDIA_S3_PUBLIC_URL: the address of the same API for browsers, when it differs (URLs are
# signed for it); empty: MEDIA_S3_ENDPOINT_URL.
MEDIA_S3_PUBLIC_URL = env_str("MEDIA_S3_PUBLIC_URL", "") or ""
# MEDIA_S3_REGION: the bucket's region (e.g. eu-west-3; MinIO: us-east-1 or empty).
MEDIA_S3_REGION = env_str("MEDIA_S3_REGION", "") or ""
# MEDIA_S3_ACCESS_KEY_ID / MEDIA_S3_SECRET_ACCESS_KEY: the keys; empty: boto3's own chain
# (AWS_ACCESS_KEY_ID..., an instance or task role).
MEDIA_S3_ACCESS_KEY_ID = env_str("MEDIA_S3_ACCESS_KEY_ID", "") or ""
MEDIA_S3_SECRET_ACCESS_KEY = env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or ""
# MEDIA_S3_CUSTOM_DOMAIN: a CDN host name in front of the bucket, for renditions only (private
# files are always fetched through signed URLs of the API). Empty: none.
MEDIA_S3_CUSTOM_DOMAIN = env_str("MEDIA_S3_CUSTOM_DOMAIN", "") or ""
# MEDIA_S3_URL_EXPIRY: seconds a signed URL stays valid.
MEDIA_S3_URL_EXPIRY = env_int("MEDIA_S3_URL_EXPIRY", 300)
# STATIC_ROOT: where collectstatic gathers files that whitenoise serves.
STATIC_ROOT = env_str("STATIC_ROOT", str(DATA_DIR / "static"))
STATIC_URL = "/static/"
# SEARCH_URL: an Elasticsearch server (http://host:9200). Empty: the database search engine.
SEARCH_URL = env_str("SEARCH_URL", "") or ""
# SEARCH_INDEX: name (prefix) of the Elasticsearch index.
SEARCH_INDEX = env_str("SEARCH_INDEX", "maillage") or "maillage"
# REDIS_URL: a shared cache (rate limits, sessions) for several processes. Empty: local memory.
REDIS_URL = env_str("REDIS_URL", "") or ""
# PAGE_CACHE: whole pages kept for anonymous readers (site_core/page_cache.py); "false" turns it off.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# PAGE_CACHE_TIMEOUT: seconds a stored page is kept (any change to the site makes it stale at once).
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 3600)
# PAGE_CACHE_MAX_AGE / PAGE_CACHE_STALE_WHILE_REVALIDATE: what browsers and proxies are told
# (Cache-Control: public, max-age, stale-while-revalidate) about pages shared by every reader.
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)
# FRONTEND_CACHE_PURGE_URL: an HTTP cache in front of the site (Varnish, nginx with a purge
# module...) that accepts PURGE requests: a page and the listings it shows in are purged there
# when it is published, unpublished, moved or deleted (site_core/front_cache.py, docs/operations.md).
# CLOUDFLARE_BEARER_TOKEN + CLOUDFLARE_ZONEID: the same on Cloudflare.
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL", "") or ""
CLOUDFLARE_BEARER_TOKEN = env_str("CLOUDFLARE_BEARER_TOKEN", "") or ""
CLOUDFLARE_ZONEID = env_str("CLOUDFLARE_ZONEID", "") or ""
# SITE_BASE_URL: the one public address (scheme, host, port, no path). It drives the Wagtail Site
# record (site_core/public_address.py) and every absolute URL: pages, feeds, sitemap, e-mails.
WAGTAILADMIN_BASE_URL = (env_str("SITE_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
# Reliability (issue 12): time limits, error mail, backups.
# DATABASE_CONNECT_TIMEOUT: seconds to wait for PostgreSQL to accept a connection.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
# DATABASE_STATEMENT_TIMEOUT_MS: PostgreSQL cancels a query running longer (0: no limit).
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 15000)
# CACHE_TIMEOUT_SECONDS: how long to wait for Redis before serving without the cache.
CACHE_TIMEOUT_SECONDS = env_int("CACHE_TIMEOUT_SECONDS", 1)
# SMTP_TIMEOUT: seconds the mail worker waits for the SMTP relay (mail is never sent in a request).
SMTP_TIMEOUT = env_int("SMTP_TIMEOUT", 5)
# MAIL_MAX_ATTEMPTS: how many times the worker tries to send one message before logging an error.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
# DJANGO_ADMINS: "Name <mail@example.org>, …": who receives error reports (500s) by mail.
ADMINS = env_list("DJANGO_ADMINS")
# BACKUP_DIR: where `manage.py backup` writes its archives by default.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(DATA_DIR / "backups")))
# DEFAULT_FROM_EMAIL / EMAIL_URL-like settings for outgoing mail.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS: the SMTP relay.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": SMTP_TIMEOUT,
        },
    }
}
# Requests never talk to the relay: the default mailer queues a task (site_core/mail.py), and the
# worker sends through "smtp" with retries.
MAILERS["smtp"] = MAILERS["default"]
MAILERS["default"] = {"BACKEND": "site_core.mail.TaskEmailBackend"}
# MAX_UPLOAD_MB: the largest document a writer may attach (minutes, white papers).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
# MAX_AUDIO_MB: the largest audio file for a podcast episode.
MAX_AUDIO_MB = env_int("MAX_AUDIO_MB", 200)
# CALENDAR_PAST_DAYS: how long a meeting stays in the iCal feeds once it has taken place.
CALENDAR_PAST_DAYS = env_int("CALENDAR_PAST_DAYS", 30)
# REACTIONS_RATE_LIMIT: reactions one address may post on one page per REACTIONS_RATE_WINDOW
# seconds (high enough for a workshop room behind one connection); REACTIONS_SITE_RATE_LIMIT:
# reactions one address may post on the whole site per REACTIONS_SITE_RATE_WINDOW seconds.
REACTIONS_RATE_LIMIT = env_int("REACTIONS_RATE_LIMIT", 15)
REACTIONS_RATE_WINDOW = env_int("REACTIONS_RATE_WINDOW", 600)
REACTIONS_SITE_RATE_LIMIT = env_int("REACTIONS_SITE_RATE_LIMIT", 40)
REACTIONS_SITE_RATE_WINDOW = env_int("REACTIONS_SITE_RATE_WINDOW", 3600)
# REACTIONS_PER_PAGE: approved reactions shown per page of the list under a page.
REACTIONS_PER_PAGE = env_int("REACTIONS_PER_PAGE", 20)
# Retention (docs/contributions.md, shown on the legal notice page): submissions the site refused
# by itself are deleted after REACTIONS_REFUSED_RETENTION_DAYS; IP addresses and browsers of every
# reaction are erased after REACTIONS_IP_RETENTION_DAYS; at most REACTIONS_REFUSED_KEEP_PER_HOUR
# refused submissions are stored per address and hour (the others are only counted in the log).
REACTIONS_REFUSED_RETENTION_DAYS = env_int("REACTIONS_REFUSED_RETENTION_DAYS", 30)
REACTIONS_IP_RETENTION_DAYS = env_int("REACTIONS_IP_RETENTION_DAYS", 30)
REACTIONS_REFUSED_KEEP_PER_HOUR = env_int("REACTIONS_REFUSED_KEEP_PER_HOUR", 50)
# REACTIONS_MIN_FILL_SECONDS: a form filled faster than this is treated as a robot's.
REACTIONS_MIN_FILL_SECONDS = env_int("REACTIONS_MIN_FILL_SECONDS", 3)
# SUBSCRIPTIONS_PENDING_DAYS: an e-mail subscription left unconfirmed this long is forgotten.
SUBSCRIPTIONS_PENDING_DAYS = env_int("SUBSCRIPTIONS_PENDING_DAYS", 7)
SUBSCRIPTIONS_RATE_LIMIT = 10  # subscription forms one address may send per hour
SUBSCRIPTIONS_MIN_FILL_SECONDS = REACTIONS_MIN_FILL_SECONDS
# API_RATE_LIMIT: requests one address may make to /api/ per minute.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
# ADMIN_SECOND_FACTOR: every admin user needs a TOTP code (or a recovery code) after the
# password, on every admin URL. Always on in production (production.py ignores this variable);
# dev.py and test.py switch it off (tests that need it turn it on). See docs/security.md.
ADMIN_SECOND_FACTOR = env_bool("ADMIN_SECOND_FACTOR", True)
# AXES_FAILURE_LIMIT / AXES_COOLOFF_MINUTES: admin login brute-force protection.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our apps first so that their templates and translations win.
    "site_core",
    "working_groups",
    "articles",
    "podcasts",
    "contributions",
    "search",
    "subscriptions",
    "api",
    "security",
    # Wagtail
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    # wagtail.contrib.frontend_cache is used as a library, not installed: its receivers purge only
    # the published page; site_core/front_cache.py purges the page with its listings in one batch.
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A request id in every log line and in the X-Request-ID response header.
    "site_core.request_log.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "api.middleware.ApiMiddleware",  # /api/ only: CORS (GET), rate limit, Cache-Control
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin's second factor: django-otp tells whether the session passed one, ours requires
    # it on every admin URL (security/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.SecondFactorMiddleware",
    # Whole pages for anonymous readers: inside sessions, CSRF, auth and messages (it reads them,
    # and they run for the per-reader fragments of a stored page), outside what shapes the page
    # (frame options, CSP, redirects, typography: stored with it). site_core/page_cache.py.
    "site_core.page_cache.PageCacheMiddleware",
    # The Site, site settings and navigation of pages the cache did not have, read once per
    # generation of the page cache (site_core/site_data.py).
    "site_core.site_data.SiteDataMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy: SECURE_CSP on the site, ADMIN_CSP under /admin/ (security app).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "security.middleware.AdminContentSecurityPolicyMiddleware",
    # Database outage -> French 503 with Retry-After; concurrent workflow submission -> message.
    "site_core.resilience.ReliabilityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "site_core.middleware.FrenchTypographyMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "site_core.urls"
WSGI_APPLICATION = "site_core.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "site_core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if not env_str("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if DATABASE_IS_POSTGRES:
    # Wagtail's PostgreSQL search backend (admin search) uses its SearchVectorField and GIN indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_STATEMENT_TIMEOUT_MS:
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis down: every read is a miss and writes are dropped, the site serves uncached.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Anonymous pages (site_core/page_cache.py) in the same Redis, under their own prefix.
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
    PAGE_CACHE_GENERATION_FILE = None  # the generation stamp lives in Redis, shared by all
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Its own store, so that pages never push rate-limit counters out of "default".
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
    }
    # Each process has its own local memory: the stamp that makes every stored page stale lives
    # in a file that every process of the machine reads (one stat per request).
    PAGE_CACHE_GENERATION_FILE = DATA_DIR / "page-cache-generation"
PAGE_CACHE_ALIAS = "pages"
# Query parameters a stored page may depend on (anything else: rendered, never stored).
PAGE_CACHE_QUERY_PARAMS = ["page"]
# Never from the page cache: the admin, the API, files and the health check.
PAGE_CACHE_SKIPPED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/documents/",
    "/audio/",
    "/static/",
    "/media/",
    "/health/",
]
# Saving or deleting one of these changes what readers see: every stored page becomes stale
# (every page type does too). Labels, so that site_core imports no feature app.
PAGE_CACHE_INVALIDATING_MODELS = [
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailcore.Site",
    "wagtailcore.Collection",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailmedia.Media",
    # Not wagtailsearchpromotions.Query: a reader's new search term creates one, and must not
    # make every stored page stale (the promotions themselves do).
    "wagtailsearchpromotions.SearchPromotion",
    "taggit.Tag",
    "site_core.SiteSettings",
    "site_core.Theme",
    "site_core.Keyword",
    "contributions.Reaction",
]
# Front caches (wagtail.contrib.frontend_cache's backends): a page's URLs and its listings' are
# purged when it is published, unpublished, moved or deleted (site_core/front_cache.py).
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
if CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONEID:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": CLOUDFLARE_BEARER_TOKEN,
        "ZONEID": CLOUDFLARE_ZONEID,
    }

# --- Passwords and authentication --------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AXES_RESET_ON_SUCCESS = True
# Lock the (username, address) pair: nobody can lock an editor out from elsewhere, and one person
# failing does not lock a whole office that shares an address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# …and a ceiling per address (many usernames tried from one address), which spares the usernames
# that logged in from that address recently (security/axes_handler.py).
AXES_HANDLER = "security.axes_handler.PairWithAddressCeilingHandler"
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_ADDRESS_TRUST_DAYS = 30
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Second factor: wrong codes allowed per user per window (seconds), on top of django-otp's own
# growing delay after each wrong code; the name shown in the authentication application.
SECOND_FACTOR_ATTEMPTS = 5
SECOND_FACTOR_WINDOW = 15 * 60
OTP_TOTP_ISSUER = "Maillage"
# Wrong passwords on a password-protected page, per address and page, per window (seconds).
PAGE_PASSWORD_ATTEMPTS = 10
PAGE_PASSWORD_WINDOW = 15 * 60
# Admin password-reset requests per client address, and e-mails per account, per window.
PASSWORD_RESET_PER_ADDRESS = 5
PASSWORD_RESET_PER_EMAIL = 3
PASSWORD_RESET_WINDOW = 60 * 60

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Each app keeps its own catalogue in <app>/locale (found through APP_DIRS); no LOCALE_PATHS, so
# that `makemessages` run in an app folder never writes into another app's catalogue.
LOCALE_PATHS: list = []

# --- Static files and media --------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Wagtail's renditions: STORAGES["renditions"] when there is one, else the default storage.
WAGTAILIMAGES_RENDITION_STORAGE = "site_core.storage.RenditionStorage"
if MEDIA_S3_BUCKET:
    STORAGES.update(
        s3_storages(
            bucket=MEDIA_S3_BUCKET,
            endpoint_url=MEDIA_S3_ENDPOINT_URL,
            public_url=MEDIA_S3_PUBLIC_URL,
            region=MEDIA_S3_REGION,
            access_key=MEDIA_S3_ACCESS_KEY_ID,
            secret_key=MEDIA_S3_SECRET_ACCESS_KEY,
            custom_domain=MEDIA_S3_CUSTOM_DOMAIN,
            url_expiry=MEDIA_S3_URL_EXPIRY,
        )
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security (safe by default; production.py tightens transport) ------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Public pages: no inline script, style or handler at all (pages are cached whole, so no nonce).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Images and audio come from the bucket (or its CDN) when there is one.
MEDIA_ORIGINS: list[str] = []
if MEDIA_S3_BUCKET:
    MEDIA_ORIGINS = s3_origins(
        endpoint_url=MEDIA_S3_ENDPOINT_URL,
        public_url=MEDIA_S3_PUBLIC_URL,
        region=MEDIA_S3_REGION,
        bucket=MEDIA_S3_BUCKET,
        custom_domain=MEDIA_S3_CUSTOM_DOMAIN,
    )
    SECURE_CSP["img-src"] += MEDIA_ORIGINS
    SECURE_CSP["media-src"] += MEDIA_ORIGINS
# Wagtail's admin still writes inline scripts (inline panels, date pickers) and styles.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "media-src": [CSP.SELF, "blob:", *MEDIA_ORIGINS],
    "frame-src": [CSP.SELF],
}

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maillage"
# French typography on every public HTML page (site_core.middleware.FrenchTypographyMiddleware).
FRENCH_TYPOGRAPHY = True
WAGTAIL_I18N_ENABLED = False
# Dates typed and picked the French way in the admin (site_core/dates.py reads these formats).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Wagtail's login form shows « Password » untranslated (its field has no label).
WAGTAILADMIN_USER_LOGIN_FORM = "site_core.admin_forms.LoginForm"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside network at run time
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "csv",
    "txt",
    "vtt",
    "srt",
]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document, PDFs included, is downloaded as an attachment (never run from our origin);
# Wagtail adds `Content-Security-Policy: default-src 'none'`. Who may download: security/files.py.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Archives (docx, odt, xlsx…) that inflate beyond a ratio are refused (security/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.uploads.SafeDocumentForm"
# Original images: Wagtail checks that the content is the format the extension names; we add
# limits on sides and frames (security/uploads.py); 40 million pixels at most (bombs).
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.uploads.SafeImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
if MEDIA_X_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "site_core.accel"  # Wagtail's document view hands the file to nginx
WAGTAILEMBEDS_FINDERS = []  # no oEmbed providers: the site makes no outside calls
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Wagtail's admin search uses its own database backend (the public search lives in `search/`).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if DATABASE_IS_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"

WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "opus", "wav", "flac", "aac"],
    "VIDEO_EXTENSIONS": [],
    # Audio is checked and measured with mutagen when it is uploaded (podcasts/forms.py).
    "MEDIA_FORM_BASE": "podcasts.media_forms.AudioMediaForm",
}


# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "site_core.request_log.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [request=%(request_id)s "
            "user=%(user_id)s %(path)s] %(message)s"
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request"]},
        # Error reports by mail to DJANGO_ADMINS (queued as a task, like every mail).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "maillage": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Every publish runs background tasks (immediately in dev and tests): no line per task.
        "django.tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Read API (Wagtail API v2 at /api/v2/) -------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

"""Settings shared by every environment.

Everything a deployment changes comes from environment variables, each
declared with its type and default in base/environment.py; the defaults run the
portal on one machine with no services (SQLite and Wagtail's database
search backend).
"""

from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO

from base.environment import env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env("SECRET_KEY")
# Signs backups (`manage.py backup`/`restore`); SECRET_KEY when unset.
BACKUP_SIGNING_KEY = env("BACKUP_SIGNING_KEY")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "base",
    "languages",
    "home",
    "guides",
    "cultural_events",
    "search",
    "feedback",
    "readership",
    "offline",
    "discovery",
    "api",
    "editorial",
    "demo",
    "backup",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    # After axes: its failure log is written before accounts counts it.
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # the sitemap's templates (discovery/)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "base.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the page cache, so that pages it serves are counted too.
    "readership.middleware.PageViewMiddleware",
    # Before sessions: a cached page costs no session or database lookup;
    # before compression: it is stored compressed, and not compressed again.
    "base.page_cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Which site a request is for, kept per worker (a page from the cache needs
    # none); what else is kept is checked against its version once per request.
    "base.versions.VersionsMiddleware",
    "base.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "languages.middleware.ReaderLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step sign-in: django-otp marks a session that gave a code, and
    # accounts asks for one (or sends to set-up) before anything else.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    # Slows sign-in to one account under many failures from anywhere.
    "accounts.throttle.AccountThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: refuses sign-in after repeated failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin sign-in locks for an hour after 5 failures for the same user name
# from the same address (so nobody can lock an editor out from elsewhere);
# an administrator unlocks with `manage.py axes_reset_username NAME` (README).
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# Each failure is also logged per user name (AccessFailureLog), which the
# per-account limit below counts across addresses.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Guessing from many addresses escapes the lockout above: past
# SIGN_IN_ACCOUNT_LIMIT failures for one user name within the window, from
# anywhere, each further attempt at that account must wait (2, 4, 8, ...
# seconds, up to SIGN_IN_MAX_DELAY), and its owner is e-mailed once per
# window (accounts/throttle.py). It slows, never locks out.
SIGN_IN_ACCOUNT_LIMIT = env("SIGN_IN_ACCOUNT_LIMIT")
SIGN_IN_ACCOUNT_WINDOW = env("SIGN_IN_ACCOUNT_WINDOW")  # seconds
SIGN_IN_MAX_DELAY = env("SIGN_IN_MAX_DELAY")  # seconds
# Codes from authenticator apps (django-otp); a wrong code holds back the
# next one for 1, 2, 4, ... seconds (its default throttle).
OTP_TOTP_ISSUER = "Putokaz"
# The reader's address: REMOTE_ADDR, unless PROXY_COUNT says how many proxies
# in front of gunicorn add themselves to X-Forwarded-For (never trusted else).
# The same rule (base/client.py) keys the sign-in lockout and every rate limit.
PROXY_COUNT = env("PROXY_COUNT")
AXES_CLIENT_IP_CALLABLE = "base.client.client_address"
RATELIMIT_IP_META_KEY = "base.client.client_address"
# How long personal data is kept, in days (`manage.py purge_personal_data`,
# run by the release step): sign-in records (addresses, user names), reader
# feedback, and search statistics (what readers typed, per day).
AXES_LOG_RETENTION_DAYS = env("AXES_LOG_RETENTION_DAYS")
FEEDBACK_RETENTION_DAYS = env("FEEDBACK_RETENTION_DAYS")
SEARCH_STATS_RETENTION_DAYS = env("SEARCH_STATS_RETENTION_DAYS")
# Page views (readership/): daily counts this many days, then monthly; each
# worker writes its counts at most this often (to Redis when REDIS_URL is set).
PAGE_VIEWS = env("PAGE_VIEWS")
if not PAGE_VIEWS:
    MIDDLEWARE.remove("readership.middleware.PageViewMiddleware")
PAGE_VIEWS_DAILY_DAYS = env("PAGE_VIEWS_DAILY_DAYS")
PAGE_VIEWS_FLUSH_SECONDS = env("PAGE_VIEWS_FLUSH_SECONDS")

# Public pages run no inline script or style and load nothing from other
# sites; the admin gets what Wagtail's editor needs (base/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + env("MEDIA_ORIGINS"),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs the camera, microphone, location or payment.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database(url):
    """DATABASE_URL, e.g. postgres://user:password@host:5432/putokaz; default:
    a SQLite file in the project, so a fresh clone runs with no database
    server. SQLite keeps a write-ahead log (WAL): readers go on while a
    search's statistics, a page view or a publish is written, where its
    default journal makes them wait for every commit (eight clients on the
    search mix at 10,000 guides: 86 to 205 requests a second, 215 to 222 in
    WAL). The log (db.sqlite3-wal) is folded back into the file when the
    last connection closes."""
    config = dj_database_url.parse(url, conn_max_age=env("DATABASE_CONN_MAX_AGE"), conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL"
    return config


DATABASES = {"default": database(env("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The readers' languages, each under its own URL prefix (/ru/...). English is
# the source every translation is made from; Serbian Latin is made from
# Serbian Cyrillic by transliteration (languages/transliteration.py).
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("sr", "Српски"),
    ("sr-latn", "Srpski"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ps", "پښتو"),
    ("ur", "اردو"),
]
# Django knows Urdu but not Pashto: its name and direction are added here.
LANG_INFO["ps"] = {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"}
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ps"]
WAGTAIL_I18N_ENABLED = True
# Editors may use the admin in the readers' languages, Serbian in both
# scripts included (Wagtail's own list has no Serbian). Where Wagtail has no
# catalogue for a language its own words stay English; ours are translated.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats for the languages Django has none (or too few) for.
FORMAT_MODULE_PATH = ["languages.formats"]
# A language chosen with the switcher is remembered for a year; it only
# decides where "/" leads, never which page a link opens.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The stylesheets, scripts and icon are in base/static, found as an app's.
STATIC_ROOT = Path(env("STATIC_ROOT"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images and documents on S3-compatible object storage (AWS, MinIO,
# Hetzner, DigitalOcean Spaces), so that any instance serves any file:
# django-storages, configured by its own AWS_* variables (docs/deploy.md).
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")  # unset for AWS itself
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")  # a CDN in front of the bucket
    # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by boto3 itself.
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = False  # public images, cacheable by a CDN
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000"}

# The page editor of a guide with many steps exceeds Django's default of 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Django's cache: local memory by default (one per process), Redis when
# REDIS_URL is set, which every worker and instance then share. A cache that
# is down is a cache that misses: pages are rendered, nothing fails.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
# With the cache down, rate limits let requests through rather than refuse all.
RATELIMIT_FAIL_OPEN = True

# Full-page cache for anonymous readers (base/page_cache.py), emptied
# precisely on publish (base/invalidation.py); 0 switches it off. Listings
# of coming events change with time, not only on publish: the lifetime
# bounds how long a past event can stay listed.
PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS")
OFFLINE_STORAGE_MB = env("OFFLINE_STORAGE_MB")
# How long a reader's browser may reuse a page without asking again.
PAGE_BROWSER_SECONDS = env("PAGE_BROWSER_SECONDS")


def frontend_caches():
    """What is purged on publish: always the full-page cache; also a CDN or
    caching proxy, when its variables are set (README, "Deploying")."""
    backends = {"pages": {"BACKEND": "base.page_cache.PageCacheBackend"}}
    if env("CDN_PURGE_URL"):  # Varnish, nginx, Squid: an HTTP PURGE
        backends["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("CDN_PURGE_URL"),
        }
    if env("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
            "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        }
    if env("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_caches()

WAGTAIL_SITE_NAME = "Putokaz"
# No Gravatar: the admin would send a hash of every editor's e-mail address
# to a third party (and the CSP loads nothing from other sites); Wagtail
# shows its default avatar, or the picture an editor uploads.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for a newer Wagtail (the
# CSP would refuse it): upgrades come with the project's own releases.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The portal's public address (scheme, host, port if not the default): every
# absolute link (hreflang, .ics files, admin notifications, printouts)
# follows it, through the default Site record that ensure_languages keeps
# in step with it. Default: the dev server on PORT.
PUBLIC_URL = (env("PUBLIC_URL") or f"http://127.0.0.1:{env('PORT')}").rstrip("/")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL") or PUBLIC_URL
WAGTAILAPI_BASE_URL = PUBLIC_URL
# wagtail-localize's "Machine translate" button: Serbian Cyrillic → Latin by
# transliteration, always; other pairs by MACHINE_TRANSLATOR (deepl or
# libretranslate, with MACHINE_TRANSLATOR_KEY / _URL), off by default.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "languages.machine_translator.PutokazTranslator"}


def machine_translator_delegate(name):
    if name == "deepl":
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": env("MACHINE_TRANSLATOR_KEY")},
        }
    if name == "libretranslate":
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": env("MACHINE_TRANSLATOR_URL"),
                "API_KEY": env("MACHINE_TRANSLATOR_KEY"),
            },
        }
    return None


MACHINE_TRANSLATOR_DELEGATE = machine_translator_delegate(env("MACHINE_TRANSLATOR").lower())

# Who puts a translation live. Off (the default): each language's translators
# publish its pages, as its only readers among the staff. On: translators
# submit translations for review and a reviewer publishes them; "Translate"
# then starts every translation as a draft, not live.
TRANSLATIONS_NEED_REVIEW = env("TRANSLATIONS_NEED_REVIEW")
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = not TRANSLATIONS_NEED_REVIEW

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024


def search_backends(search_url):
    """SEARCH_URL unset: Wagtail's database backend (SQLite FTS or PostgreSQL
    full-text search, whichever DATABASES holds). Set: Elasticsearch or
    OpenSearch at that URL, the backend module chosen by SEARCH_BACKEND, with
    the database backend kept up to date beside it as the fallback for when
    the engine is down or slow (search/backends.py)."""
    database = {"BACKEND": "search.backends"}
    if not search_url:
        return {"default": database}
    return {
        "default": {
            "BACKEND": env("SEARCH_BACKEND"),
            "URLS": [search_url],
            "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX"),
            # Seconds before a slow engine gives way to the database.
            "TIMEOUT": env("SEARCH_TIMEOUT"),
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": {},
        },
        "fallback": database,
    }


WAGTAILSEARCH_BACKENDS = search_backends(env("SEARCH_URL"))

# The JSON endpoints (search API, suggestions) per client address; the
# address is used as a cache key only, never stored.
SEARCH_API_RATE = env("SEARCH_API_RATE")
# The content API (/api/v2/, api/): requests per client address, items per
# request; rich text as HTML with absolute links unless asked otherwise.
# Its search is the search API's (/api/search/), not Wagtail's.
CONTENT_API_RATE = env("CONTENT_API_RATE")
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_SEARCH_ENABLED = False
# Answers to "Did this guide help you?" per client address (not stored).
FEEDBACK_RATE = env("FEEDBACK_RATE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # One line per background task and per page action drowns real messages;
        # Wagtail keeps its own audit log of page actions in the database.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One line per request to the search engine.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},
        # Its start-up banner; lockouts are logged as warnings.
        "axes": {"level": "WARNING"},
    },
}

"""Every environment variable Putokaz reads, declared once: its type, its
default and what it means. The settings, portal/gunicorn.conf.py and
`ensure_admin` read them through env(); the README's "Environment variables"
table lists exactly these (tests/test_environment.py).

Plain Python with no Django import: gunicorn.conf.py imports it before
Django is set up. Rules that combine variables (PUBLIC_URL from PORT, or in
production from the allowed hosts) stay in the settings; only reading is here.

Left out: the benchmarks' own knobs (BENCH_*, SEARCH_EVAL, SEARCH_BENCH_URL),
which bench/ documents and reads itself.
"""

import os
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Variable:
    type: type  # str, int, float, bool or list (comma-separated)
    default: object  # what env() gives when the variable is unset or empty; None: no value
    meaning: str
    # Who reads it, when not the portal through env(): a library or a tool.
    read_by: str = ""


VARIABLES = {
    # Django
    "SECRET_KEY": Variable(str, "", "Django's secret key; required in production (dev.py has its own)"),
    "BACKUP_SIGNING_KEY": Variable(str, "", "the key backups are signed with; SECRET_KEY when empty"),
    "DEBUG": Variable(bool, False, "Django's debug mode; dev.py defaults it to true"),
    "ALLOWED_HOSTS": Variable(list, [], "host names the portal answers to; required in production (dev.py: local)"),
    "DATABASE_URL": Variable(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}", "the database, as a URL"),
    "DATABASE_CONN_MAX_AGE": Variable(int, 60, "seconds a database connection is kept"),
    "STATIC_ROOT": Variable(str, str(BASE_DIR / "staticfiles"), "where collectstatic puts static files"),
    "MEDIA_ROOT": Variable(str, str(BASE_DIR / "media"), "where uploaded images and documents go"),
    "LOG_LEVEL": Variable(str, "INFO", "the root logger's level"),
    # Empty: http://127.0.0.1:PORT, in production https:// + the first allowed host (settings).
    "PUBLIC_URL": Variable(str, "", "the portal's public address"),
    "WAGTAILADMIN_BASE_URL": Variable(str, "", "links in admin notifications; empty: PUBLIC_URL"),
    # Production's HTTPS
    "SECURE_HSTS_SECONDS": Variable(int, 31536000, "HSTS lifetime in production"),
    "SECURE_HSTS_PRELOAD": Variable(bool, True, "HSTS preload in production"),
    "SECURE_SSL_REDIRECT": Variable(bool, True, "redirect HTTP to HTTPS in production"),
    # gunicorn
    "PORT": Variable(int, 8000, "the port gunicorn (and the default PUBLIC_URL) uses"),
    "WEB_CONCURRENCY": Variable(int, (os.cpu_count() or 1) * 2 + 1, "gunicorn workers"),
    "GUNICORN_THREADS": Variable(int, 2, "threads per gunicorn worker"),
    "GUNICORN_MAX_REQUESTS": Variable(int, 2000, "requests before a worker is replaced (0: never)"),
    "GUNICORN_ACCESS_LOG_FORMAT": Variable(
        str, '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)s', "access log line: no client address, query or referrer"
    ),
    "FORWARDED_ALLOW_IPS": Variable(str, "127.0.0.1", "proxies whose X-Forwarded-Proto gunicorn trusts"),
    # Readers' addresses, sign-in and rate limits
    "PROXY_COUNT": Variable(int, 0, "proxies in front of gunicorn that add to X-Forwarded-For"),
    "AXES_FAILURE_LIMIT": Variable(int, 5, "failed sign-ins from one address before the lockout"),
    "SIGN_IN_ACCOUNT_LIMIT": Variable(int, 20, "failed sign-ins to one account before each attempt waits"),
    "SIGN_IN_ACCOUNT_WINDOW": Variable(int, 3600, "seconds SIGN_IN_ACCOUNT_LIMIT counts over"),
    "SIGN_IN_MAX_DELAY": Variable(int, 300, "the longest wait for a throttled account, in seconds"),
    "SEARCH_API_RATE": Variable(str, "60/m", "requests per reader to search and its JSON endpoints"),
    "CONTENT_API_RATE": Variable(str, "300/m", "requests per client to the content API (/api/v2/)"),
    "FEEDBACK_RATE": Variable(str, "20/h", "feedback answers per reader"),
    # Personal data
    "AXES_LOG_RETENTION_DAYS": Variable(int, 90, "days sign-in records are kept"),
    "FEEDBACK_RETENTION_DAYS": Variable(int, 365, "days readers' feedback is kept"),
    "SEARCH_STATS_RETENTION_DAYS": Variable(int, 365, "days search statistics are kept"),
    # What readers open (readership/): counts only, nothing about the reader
    "PAGE_VIEWS": Variable(bool, True, "count the pages readers open (a number per page and day)"),
    "PAGE_VIEWS_DAILY_DAYS": Variable(
        int, 90, "days page views are kept per day; older days become one count per month"
    ),
    "PAGE_VIEWS_FLUSH_SECONDS": Variable(int, 30, "seconds a worker gathers page views before writing them"),
    # Search
    "SEARCH_URL": Variable(str, "", "Elasticsearch/OpenSearch URL; empty: the database backend"),
    "SEARCH_BACKEND": Variable(str, "modelsearch.backends.opensearch3", "the modelsearch backend for SEARCH_URL"),
    "SEARCH_INDEX_PREFIX": Variable(str, "putokaz_", "prefix of the engine's index names"),
    "SEARCH_TIMEOUT": Variable(float, 2.0, "seconds before a slow engine gives way to the database"),
    # Translation
    "TRANSLATIONS_NEED_REVIEW": Variable(bool, False, "translations go through review before publishing"),
    "MACHINE_TRANSLATOR": Variable(str, "", "deepl or libretranslate; empty: off"),
    "MACHINE_TRANSLATOR_KEY": Variable(str, "", "the machine translator's API key"),
    "MACHINE_TRANSLATOR_URL": Variable(str, "", "the LibreTranslate server"),
    # Caches and CDNs
    "REDIS_URL": Variable(str, "", "Redis for Django's cache; empty: local memory per process"),
    "CACHE_KEY_PREFIX": Variable(str, "putokaz", "prefix of the keys in Redis"),
    "PAGE_CACHE_SECONDS": Variable(int, 600, "lifetime of an anonymous page in the page cache (0: off)"),
    "PAGE_BROWSER_SECONDS": Variable(int, 60, "how long a browser reuses a page"),
    "OFFLINE_STORAGE_MB": Variable(float, 25, "what a reader's phone keeps for offline reading, at most"),
    "CDN_PURGE_URL": Variable(str, "", "a Varnish/nginx cache purged with HTTP PURGE on publish"),
    "CLOUDFLARE_ZONE_ID": Variable(str, "", "the Cloudflare zone purged on publish"),
    "CLOUDFLARE_API_TOKEN": Variable(str, "", "the token for that purge"),
    "CLOUDFRONT_DISTRIBUTION_ID": Variable(str, "", "the CloudFront distribution purged on publish"),
    # Uploads on object storage, and what images may load from
    "AWS_STORAGE_BUCKET_NAME": Variable(str, "", "S3 bucket for uploads; empty: files in MEDIA_ROOT"),
    "AWS_S3_ENDPOINT_URL": Variable(str, None, "the S3-compatible endpoint; unset for AWS itself"),
    "AWS_S3_REGION_NAME": Variable(str, None, "the bucket's region"),
    "AWS_S3_CUSTOM_DOMAIN": Variable(str, None, "a CDN in front of the bucket"),
    "AWS_ACCESS_KEY_ID": Variable(str, None, "the bucket's access key", read_by="boto3"),
    "AWS_SECRET_ACCESS_KEY": Variable(str, None, "the bucket's secret key", read_by="boto3"),
    "MEDIA_ORIGINS": Variable(list, [], "other origins images may come from (CSP img-src)"),
    # The admin account `ensure_admin` creates
    "ADMIN_PASSWORD": Variable(str, "", "its password; empty: generated and printed once"),
    "ADMIN_EMAIL": Variable(str, "admin@localhost", "its e-mail address"),
    # Tests
    "TEST_DATABASE_URL": Variable(str, "", "the database of one test run; empty: SQLite in memory"),
    "TEST_POSTGRES_URL": Variable(str, "", "run the test suite a second time on this PostgreSQL", read_by="Makefile"),
    "TEST_REDIS_URL": Variable(str, "redis://127.0.0.1:6379/14", "the cache test's Redis", read_by="tests"),
    "TEST_WORKERS": Variable(str, "auto", "test processes per pass (pytest-xdist); 0: one", read_by="Makefile"),
    "SEARCH_TEST_URL": Variable(
        str, "", "also run the search tests against this Elasticsearch/OpenSearch", read_by="tests"
    ),
    "TEST_ARTIFACTS": Variable(str, "", "where browser tests keep their screenshots", read_by="tests"),
    "CI": Variable(bool, False, "tests fail, not skip, when Chromium is missing", read_by="tests"),
}


UNSET = object()


def env(name, default=UNSET):
    """The variable's value from the environment, cast to its declared type.
    Unset or empty, it is the declared default, or `default` where one
    environment's settings differ (dev.py: DEBUG on, local ALLOWED_HOSTS).
    An undeclared name raises KeyError, so that every variable read is one
    the README lists; a value that does not fit the type raises ValueError
    naming the variable, so a typo stops the start, not a request later."""
    variable = VARIABLES[name]
    raw = os.environ.get(name, "")
    if not raw.strip():
        value = variable.default if default is UNSET else default
        return list(value) if isinstance(value, list) else value  # a list of its own, safe to change
    try:
        return cast(variable.type, raw)
    except ValueError:
        kind = {list: "comma-separated list"}.get(variable.type, variable.type.__name__)
        raise ValueError(f"Environment variable {name}={raw!r} is not a valid {kind}.") from None


def cast(kind, raw):
    if kind is bool:
        value = raw.strip().lower()
        if value in TRUE | FALSE:
            return value in TRUE
        raise ValueError(raw)
    if kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    if kind in (int, float):
        return kind(raw.strip())
    return raw

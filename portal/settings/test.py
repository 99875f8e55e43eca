"""Tests: SQLite in memory by default; TEST_DATABASE_URL runs the same suite
on another database (make test sets it to PostgreSQL when TEST_POSTGRES_URL
is given)."""

import dj_database_url

from base.environment import env

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 (tests only)
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

_url = env("TEST_DATABASE_URL")
# The in-memory database is not migrated in each test process: tests/conftest.py
# copies in one that the demo build has migrated.
DATABASES = {
    "default": dj_database_url.parse(_url)
    if _url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "TEST": {"MIGRATE": False}}
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WAGTAILSEARCH_BACKENDS = search_backends(None)  # noqa: F405
# Tests see what they change at once; tests/test_cache.py turns the
# full-page cache on to test it, and the production server in
# tests/conftest.py runs with it.
PAGE_CACHE_SECONDS = 0

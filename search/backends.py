"""The engines that rank search documents, and how the configured engine
gives way to the database.

This module is also the database backend named in WAGTAILSEARCH_BACKENDS
("search.backends": Wagtail loads its `SearchBackend`): Wagtail's own, with
two changes: on SQLite, results are ranked by a single FTS5 query
(search/sqlite_ranking.py, a workaround for modelsearch 1.3's ranking, which
says when it can go); on SQLite and PostgreSQL, a save no longer scans the
whole index to weigh titles (search/title_norms.py). MySQL uses
modelsearch's own backend unchanged."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

# After the engine fails, the database answers alone for this long, so
# readers do not each wait for the engine's timeout.
ENGINE_PAUSE_SECONDS = 30
PAUSED_KEY = "search:engine-paused"


def SearchBackend(params):
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        from .sqlite_ranking import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    if type(backend).__name__ == "PostgresSearchBackend":
        return steady_postgres_backend(params)
    return backend


def steady_postgres_backend(params):
    """modelsearch's PostgreSQL backend, its title weights kept without a
    scan of the index per save (search/title_norms.py)."""
    from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

    from .title_norms import SteadyTitleNormsMixin

    class SteadyPostgresIndex(SteadyTitleNormsMixin, PostgresIndex):
        pass

    class SteadyPostgresSearchBackend(PostgresSearchBackend):
        index_class = SteadyPostgresIndex

    return SteadyPostgresSearchBackend(params)


_backends = {}


def backend(name):
    """One backend instance (and engine client) per configuration."""
    key = (name, repr(settings.WAGTAILSEARCH_BACKENDS.get(name)))
    if key not in _backends:
        _backends[key] = get_search_backend(name)
    return _backends[key]


def run(name, queryset, query_string, limit):
    return list(backend(name).search(query_string, queryset, operator="or")[:limit])


def engine_state():
    """For /readyz: "database" (no engine configured), "ok", or "fallback"
    (the engine does not answer, or failed lately, and the database answers
    searches)."""
    if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
        return "database"
    if cache.get(PAUSED_KEY):
        return "fallback"
    try:
        return "ok" if backend("default").es.ping() else "fallback"
    except Exception:  # any client error means the same: not answering
        return "fallback"


def engine_search(queryset, query_string, limit):
    """Rank with the configured engine; on failure, with the database.
    Returns the documents and whether the fallback answered."""
    if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
        return run("default", queryset, query_string, limit), False
    if not cache.get(PAUSED_KEY):
        try:
            return run("default", queryset, query_string, limit), False
        except Exception:  # the engine's client raises many kinds; any of them means "not now"
            logger.warning(
                "Search engine failed; answering from the database for %ss", ENGINE_PAUSE_SECONDS, exc_info=True
            )
            cache.set(PAUSED_KEY, True, ENGINE_PAUSE_SECONDS)
    return run("fallback", queryset, query_string, limit), True

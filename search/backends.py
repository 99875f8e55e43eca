"""Wagtail's database search backend, with one change on SQLite: results are
ranked by a single FTS5 query (ORDER BY bm25 LIMIT n).

modelsearch's SQLite backend scores each matching row with a correlated
subquery that runs the full-text match again, so a search over 10,000
guides took seconds; this asks SQLite once. PostgreSQL and MySQL use
modelsearch's own backends unchanged."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        from .sqlite_ranking import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    return backend

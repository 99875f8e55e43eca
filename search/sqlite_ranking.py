"""Wagtail's SQLite search backend, ranking in one FTS5 query (ORDER BY
bm25 LIMIT n). search/backends.py uses it on SQLite only (these modelsearch
modules need SQLite's full-text tables).

Upstream workaround. modelsearch 1.3 (the range Wagtail 8.0 needs:
>=1.3.2,<1.4) ranks SQLite results by annotating every matching row with
a correlated subquery that runs the full-text match again
(https://github.com/wagtail/django-modelsearch/pull/85, which fixed
https://github.com/wagtail/django-modelsearch/issues/46; the pull request
itself notes a large case taking minutes). A search over 10,000 guides
took seconds; this asks SQLite once. Before 1.3, SQLite results were not
ranked at all. No upstream issue about the slowness existed when this was
written (checked against 1.3.2).

To delete it: when tests/test_upstream.py says modelsearch no longer ranks
with a subquery per row, compare `make bench-search` with and without it;
if modelsearch is as fast, delete this module, the SQLite branch of
search/backends.py's SearchBackend (leaving `SearchBackend =
DatabaseSearchBackend`) and the SQLite tests in tests/test_upstream.py."""

import copy

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .title_norms import SteadyTitleNormsMixin

RANKABLE = (PlainText, Phrase, And, Or)


class RankedQueryMixin:
    """One FTS5 query, ordered by bm25, for searches and autocompletes alike
    (the admin's search boxes and choosers autocomplete): the compiler's
    FTS_TABLE_FIELDS and LAST_TERM_IS_PREFIX say which column is matched and
    how."""

    def is_ranked(self):
        return isinstance(normalize(self.query), RANKABLE) and self.order_by_relevance

    def matches(self, config):
        """The SQL and parameters of the matching index entries, as (object
        id, bm25 score) rows, unordered. Written out rather than built as a
        queryset: Django took 1.5 ms to build and compile that for each
        search (about a tenth of a search at 10,000 guides). modelsearch's
        MATCH expression and the searched queryset are compiled by Django.

        The queryset's own entries come as one list SQLite builds first (from
        the covering index on content type and object), so that only their
        matches are joined and scored: a match in another language, or a
        page's own entry, is passed over at once. "+ 0" keeps FTS5 from
        looking each listed row up by its rowid, which it does one full-text
        query at a time. An entry's object id is read in a subquery, not a
        join: SQLite then reads it for the rows returned only, not for every
        match before sorting (a quarter of the query at 10,000 guides)."""
        connection = connections[self.queryset.db]
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query), config=config)
        )
        match_sql, match_params = match.as_sql(self.queryset.query.get_compiler(connection=connection), connection)
        object_ids_sql, object_ids_params = (
            self.queryset.annotate(_object_id=Cast("pk", TextField())).values("_object_id").query.sql_with_params()
        )
        content_types = get_descendants_content_types_pks(self.queryset.model)
        fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        types = ", ".join(["%s"] * len(content_types))
        # Only table names and SQL that Django compiled go into the text; every value is a parameter.
        sql = (
            f'SELECT (SELECT e."object_id" FROM "{entries}" e WHERE e."id" = "{fts}"."rowid"), '  # noqa: S608
            f'bm25("{fts}") FROM "{fts}" '
            f'WHERE ({match_sql} AND ("{fts}"."rowid" + 0) IN (SELECT V0."id" FROM "{entries}" V0 '
            f'WHERE (V0."content_type_id" IN ({types}) AND V0."object_id" IN ({object_ids_sql}))))'
        )
        return sql, [*match_params, *content_types, *object_ids_params]

    def fetch(self, sql, params):
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked_rows(self, config, start, stop):
        """(object id, score) rows in rank order (bm25: lower is better), from start to stop."""
        sql, params = self.matches(config)
        return self.fetch(
            f"{sql} ORDER BY 2 ASC LIMIT %s OFFSET %s", [*params, -1 if stop is None else stop - start, start]
        )

    def ranked_count(self, config):
        sql, params = self.matches(config)
        return self.fetch(f"SELECT COUNT(*) FROM ({sql})", params)[0][0]  # noqa: S608 (see matches)

    def search(self, config, start, stop, score_field=None):
        if not self.is_ranked():
            return super().search(config, start, stop, score_field=score_field)
        ranked = self.ranked_rows(config, start, stop)
        pk_type = self.queryset.model._meta.pk.to_python
        objects = self.queryset.in_bulk([pk_type(object_id) for object_id, _ in ranked])
        results = []
        for object_id, score in ranked:
            obj = objects.get(pk_type(object_id))
            if obj is not None:
                if score_field:
                    setattr(obj, score_field, score)
                results.append(obj)
        return results


class RankedSQLiteQueryCompiler(RankedQueryMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedQueryMixin, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def _do_search(self):
        return list(self.get_queryset())

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.is_ranked():
            return compiler.ranked_count(compiler.get_config(self.backend))
        return super()._do_count()

    def facet(self, field_name):
        """Counted over modelsearch's unranked queryset (the admin's "Search
        all pages" counts matches per page type)."""
        unranked = copy.copy(self.query_compiler)
        unranked.order_by_relevance = False
        results = self._clone()
        results.query_compiler = unranked
        return super(RankedSQLiteSearchResults, results).facet(field_name)


class SteadySQLiteIndex(SteadyTitleNormsMixin, SQLiteIndex):
    """Title weights without a scan of the index per save (search/title_norms.py)."""


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = SteadySQLiteIndex
    query_compiler_class = RankedSQLiteQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults

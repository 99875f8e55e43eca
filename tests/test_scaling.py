"""What a publish and a search cost must not grow with the site (issue 20):
the same queries with a few hundred more guides, and no query that reads a
growing table whole. Counted, not timed: make bench times them at 10,000."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.corpus import generate_guides
from guides.models import GuidePage
from search import engine
from search.documents import update_document
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

MORE_GUIDES = 300
# Tables that hold a handful of rows whatever the number of guides.
SMALL_TABLES = {
    "wagtailcore_site",
    "wagtailcore_locale",
    "django_content_type",
    "django_migrations",
    "wagtailcore_workflow",
}


def publish(slug, language):
    """An edit published as an editor would, with everything it sets off
    (search documents and index, transliteration, purges, references)."""
    guide = GuidePage.objects.get(slug=slug, locale__language_code=language)
    guide.summary += " More."
    with CaptureQueriesContext(connection) as captured:
        guide.save_revision().publish()
    return captured.captured_queries


def more_guides():
    generate_guides(MORE_GUIDES)
    for guide in GuidePage.objects.filter(slug__startswith="generated-"):
        update_document(guide)


@pytest.mark.parametrize("language", ["en", "sr"])  # Serbian is also published again in Latin
def test_publishing_a_guide_takes_the_same_queries_with_more_guides(language):
    publish("emergency-care", language)  # warm: the first publish fills caches
    before = len(publish("emergency-care", language))
    more_guides()
    publish("emergency-care", language)
    assert len(publish("emergency-care", language)) == before


def whole_table_reads(queries):
    """Tables a query reads row by row from start to end (SQLite's plan says
    SCAN without an index), other than the small ones."""
    found = set()
    with connection.cursor() as cursor:
        for query in queries:
            if not re.match(r"\s*(SELECT|UPDATE|DELETE)\b", query["sql"]):
                continue
            for *_ids, detail in cursor.execute("EXPLAIN QUERY PLAN " + query["sql"]).fetchall():
                table = re.match(r"SCAN (\w+)(.*)", detail)
                # FTS5 tables are virtual: their plan reads what the MATCH finds.
                if (
                    table
                    and "USING" not in table[2]
                    and "VIRTUAL TABLE" not in table[2]
                    and table[1] not in SMALL_TABLES
                ):
                    found.add((table[1], query["sql"][:160]))
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_publishing_reads_no_growing_table_whole():
    more_guides()
    for language in ("en", "sr"):
        publish("emergency-care", language)
        assert whole_table_reads(publish("emergency-care", language)) == set()


@pytest.mark.parametrize(("query", "language"), [("health insurance", "en"), ("страховка", "ru"), ("azil", "sr-latn")])
def test_a_search_takes_the_same_queries_with_more_guides(query, language):
    # A full page of results at both sizes: each result shown costs its own
    # few queries (its steps' offices), bounded by the page, not the site.
    def queries():
        engine.search(query, language, limit=5)  # warm: vocabulary and lexicon are built once per content version
        with CaptureQueriesContext(connection) as captured:
            results = engine.search(query, language, limit=5).results
        assert len(results) == 5
        return len(captured)

    before = queries()
    more_guides()
    assert queries() == before


def test_looking_in_english_does_not_list_the_guides_already_translated():
    # An Arabic reader typing "asylum request": guides not yet in Arabic are
    # looked for in English. They were once found by sending the key of
    # every guide that is in Arabic, a list as long as the site.
    more_guides()
    in_arabic = SearchDocument.objects.filter(locale__language_code="ar").values_list("translation_key", flat=True)
    engine.find("طلب اللج", "ar", limit=5, complete_last=True)  # warm
    with CaptureQueriesContext(connection) as captured:
        assert engine.find("طلب اللج", "ar", limit=5, complete_last=True).results
    sent = " ".join(query["sql"] for query in captured.captured_queries)
    assert "NOT" in sent  # the English guides were looked for, not those in Arabic
    assert [key for key in in_arabic if key.hex in sent or str(key) in sent] == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_leaving_out_the_guides_already_translated_reads_no_document():
    # Which guides are in Arabic is read from an index of language and key,
    # not from the documents' rows (3 ms of the search at 10,000 guides).
    engine.find("طلب اللج", "ar", limit=5, complete_last=True)  # warm
    with CaptureQueriesContext(connection) as captured:
        engine.find("طلب اللج", "ar", limit=5, complete_last=True)
    leaving_out = [query["sql"] for query in captured.captured_queries if "NOT" in query["sql"]]
    assert leaving_out
    for sql in leaving_out:
        with connection.cursor() as cursor:
            plan = [row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step for step in plan if "search_searchdocument" in step]
        assert reads and all("COVERING INDEX" in step for step in reads), plan


@pytest.mark.parametrize(("query", "language"), [("school", "ps"), ("residence permit", "ur")])
def test_results_from_another_language_take_no_queries_each(query, language):
    # Guides found in English, not yet translated, link the reader's
    # stand-in under its topic: read once for all the results shown.
    def found(limit):
        engine.find(query, language, limit=limit)  # warm
        with CaptureQueriesContext(connection) as captured:
            results = engine.find(query, language, limit=limit).results
        return results, len(captured)

    _results, one_result = found(1)
    results, five_results = found(5)
    borrowed = [result for result in results if result.page.locale.language_code != language]
    assert len(borrowed) >= 2
    assert all(result.url.startswith(f"/{language}/") and result.target.alias_of_id for result in borrowed)
    assert five_results == one_result

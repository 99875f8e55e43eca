"""Kept search results (search/cache.py, issue 20) are the results the
engine gives, and follow every change to what they show: asked again, a
query costs no database query, and after a publish, an unpublish, a new
restriction, a move or an editors' pick the next reader sees the change."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from guides.models import GuidePage, TopicPage
from portal.settings.base import search_backends
from search import engine

from .helpers import english

pytestmark = pytest.mark.django_db

# Each stage of the query's way: exact words, inflections, misspellings, a
# Latin-keyboard query, either Serbian script, a query answered from the
# source language, an abbreviation, and words no guide has.
QUERIES = [
    ("en", "health insurance"),
    ("en", "helth insurence"),
    ("en", "RFZO"),
    ("ru", "записать ребёнка в школу"),
    ("ru", "strahovka"),
    ("uk", "тимчасове проживання"),
    ("sr", "privremeni boravak"),
    ("sr-latn", "upis u skolu"),
    ("fa", "بیمه درمانی"),
    ("ps", "residence permit"),
    ("en", "qqqzzz"),
]


@pytest.fixture(autouse=True)
def results_kept(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


def shown(outcome):
    """Everything a reader is shown of an outcome."""
    return (
        outcome.query,
        outcome.corrected_query,
        outcome.incomplete,
        [
            (r.key, r.page.pk, r.page.title, r.target.pk, r.url, r.language, r.step, r.step_heading, r.topic)
            + (r.promoted, r.snippet, r.snippet_text)
            for r in outcome.results
        ],
    )


@pytest.mark.parametrize("language, query", QUERIES)
def test_kept_results_are_the_engines_and_cost_no_query(search_engine, language, query):
    asked = shown(engine.find(query, language, limit=20))
    assert shown(engine.search(query, language, limit=20)) == asked  # kept
    with CaptureQueriesContext(connection) as captured:
        again = engine.search(query, language, limit=20)
    assert shown(again) == asked and len(captured) == 0
    # Suggestions are kept apart: the last word is unfinished there.
    assert engine.suggestions(query[:-1], language) == engine.suggestions(query[:-1], language)


@pytest.fixture
def database_engine():
    """The changes below are made on the database engine: an outside
    engine's index outlives each test's transaction (conftest.engine_index),
    and what the cache follows is the same for every engine."""
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(None)):
        yield


def titles(query, language="en"):
    return [result.page.title for result in engine.search(query, language, limit=20).results]


@pytest.mark.usefixtures("database_engine")
def test_a_published_title_shows_at_once(django_capture_on_commit_callbacks):
    guide = english(GuidePage).get(slug="emergency-care")
    assert guide.title in titles("emergency doctor")
    guide.title = "Emergency care, day and night"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    assert "Emergency care, day and night" in titles("emergency doctor")


@pytest.mark.usefixtures("database_engine")
def test_unpublished_and_private_guides_leave_at_once(django_capture_on_commit_callbacks):
    guide = english(GuidePage).get(slug="emergency-care")
    other = english(GuidePage).get(slug="health-insurance-options")
    assert guide.title in titles("emergency doctor") and other.title in titles("health insurance")
    with django_capture_on_commit_callbacks(execute=True):
        guide.unpublish()
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert guide.title not in titles("emergency doctor")
    assert other.title not in titles("health insurance")


@pytest.mark.usefixtures("database_engine")
def test_a_moved_guide_shows_its_new_topic_and_address(django_capture_on_commit_callbacks):
    guide = english(GuidePage).get(slug="emergency-care")

    def result():
        return next(r for r in engine.search("emergency doctor", "en").results if r.key == "emergency-care")

    before = result()
    topic = english(TopicPage).exclude(pk=guide.get_parent().pk).first()
    with django_capture_on_commit_callbacks(execute=True):
        guide.move(topic, pos="last-child")
    after = result()
    assert after.topic == topic.title != before.topic
    assert after.url.startswith(topic.url) and not before.url.startswith(topic.url)


@pytest.mark.usefixtures("database_engine")
def test_an_editors_pick_shows_at_once():
    pick = english(GuidePage).get(slug="learning-serbian")
    assert engine.search("emergency doctor", "en").results[0].key != "learning-serbian"
    SearchPromotion.objects.create(query=Query.get("emergency doctor"), page=pick, sort_order=0, description="")
    first = engine.search("emergency doctor", "en").results[0]
    assert first.key == "learning-serbian" and first.promoted


@pytest.mark.usefixtures("database_engine")
def test_the_search_page_and_api_show_kept_results(client):
    for _ in range(2):
        page = client.get("/en/search/", {"q": "emergency doctor"}).content.decode()
        found = client.get("/api/search/", {"q": "emergency doctor", "lang": "en"}).json()["results"]
        assert found[0]["key"] == "emergency-care" and found[0]["title"] in page
        assert "/en/search/go/" in page and "#step-" in found[0]["url"]


def test_each_engine_keeps_its_own_results(engine_index):
    """Results kept from one engine are not another's answer (the tests and
    make bench-search switch engines in one process)."""
    with mock.patch("search.engine.find", wraps=engine.find) as asked:
        for backends in (search_backends(None), engine_index("opensearch"), search_backends(None)):
            with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                engine.search("health insurance", "en")
    assert asked.call_count == 2

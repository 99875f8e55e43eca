"""Search lands readers on the right guide and step, in any language and
script, misspelled or abbreviated, on every engine.

Every test here runs against Wagtail's database backend and against the real
Wagtail OpenSearch backend talking over HTTP to osmem-server (an in-memory
OpenSearch the tests start); with SEARCH_TEST_URL set, a third time against
that Elasticsearch/OpenSearch cluster."""

import json
import logging
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from base.invalidation import referring_pages
from guides.models import GuidePage, Office
from portal.settings.base import search_backends
from search import engine
from search.models import SearchClick, SearchDocument, SearchQueryStat, Synonym

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(search_engine, settings):
    """Results are kept (search/cache.py) as in production, so every change
    a test makes is also a change the kept results must follow."""
    cache.clear()
    settings.PAGE_CACHE_SECONDS = 600
    yield


def keys(query, language, limit=5):
    return [result.key for result in engine.search(query, language, limit=limit).results]


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "language, query, expected",
    [
        ("ru", "страховку", "health-insurance-options"),  # inflected: страховка
        ("uk", "медичного страхування", "health-insurance-options"),
        ("sr", "здравственог осигурања", "health-insurance-options"),
        ("sr", "privremeni boravak", "temporary-residence"),  # Latin query, Cyrillic page
        ("sr-latn", "привремени боравак", "temporary-residence"),  # and the other way round
        ("sr-latn", "upis u osnovnu skolu", "enrolling-in-primary-school"),  # no diacritics
        ("en", "registration of stay", "registering-your-stay"),
    ],
)
def test_finds_inflected_forms_either_script_and_no_diacritics(language, query, expected):
    assert expected in keys(query, language, limit=3)


@pytest.mark.parametrize(
    "language, query, expected",
    [
        ("en", "helth insurence", "health-insurance-options"),
        ("en", "asylim", "seeking-asylum"),
        ("ru", "страхофка", "health-insurance-options"),
    ],
)
def test_forgives_one_or_two_wrong_letters_and_offers_the_spelling(language, query, expected):
    outcome = engine.search(query, language)
    assert expected in [result.key for result in outcome.results][:3]
    assert outcome.corrected_query and outcome.corrected_query != query


@pytest.mark.parametrize(
    "language, query, wrong",
    [
        # Only "вођење" (guiding) is near in the guides: another first letter.
        ("sr", "довођење", "вођење"),
        # Four Arabic letters: most words a letter away are other words.
        ("ar", "أقدم", "إقامة"),
        ("fa", "دکتر", "دفتر"),
    ],
)
def test_a_real_word_is_not_replaced_by_another_word(language, query, wrong):
    """A word no guide has is not "corrected" into a different word: the
    reader is not told they meant "office" when they asked for a doctor."""
    outcome = engine.search(query, language)
    assert not outcome.corrected_query, (outcome.corrected_query, wrong)


def test_an_editors_synonym_is_searched_as_a_word_not_corrected_into_another():
    """ "Прописка" is one typo from no guide's word but two from "поиск"
    (search): as an editor's synonym of registration, it finds the guide on
    registering a stay."""
    Synonym.objects.create(language="ru", terms="прописка\nрегистрация проживания")
    outcome = engine.search("прописка", "ru")
    assert not outcome.corrected_query
    assert "registering-your-stay" in [result.key for result in outcome.results][:3]


def test_a_synonym_for_one_language_holds_only_there():
    """مکتب is a school in Dari and an office in Arabic."""
    Synonym.objects.create(language="fa", terms="مکتب\nمدرسه")
    assert "enrolling-in-primary-school" in keys("مکتب", "fa", limit=5)
    assert "enrolling-in-primary-school" not in keys("مكتب", "ar", limit=5)


def test_glossary_abbreviations_find_what_they_stand_for():
    assert "registering-with-rfzo" in keys("RFZO", "en", limit=3)
    assert "registering-with-rfzo" in keys("РФЗО", "sr", limit=3)


def test_an_abbreviation_finds_the_guides_that_use_it_not_every_guide_with_a_word_of_its_name():
    """DAFI is the Albert Einstein German Academic Refugee Initiative: a
    guide that only says "refugee" is not about it."""
    using_it = {
        document.page.slug
        for document in SearchDocument.objects.filter(locale__language_code="en", body__contains="dafi")
    }
    found = keys("DAFI", "en", limit=10)
    assert found and set(found) <= using_it


def test_editors_synonyms_take_effect_at_once():
    assert "health-insurance-options" not in keys("medcard", "en")
    Synonym.objects.create(terms="medcard\nhealth insurance")
    assert "health-insurance-options" in keys("medcard", "en", limit=3)


def test_editors_picks_come_first_in_the_readers_language(client):
    pick = english(GuidePage).get(slug="learning-serbian")
    SearchPromotion.objects.create(query=Query.get("help"), page=pick, sort_order=0, description="")
    outcome = engine.search("Help", "ru")
    assert outcome.results[0].promoted and outcome.results[0].url.startswith("/ru/")
    assert outcome.results[0].key == "learning-serbian"
    with translation.override("ru"):
        assert translation.gettext("Recommended") in text(soup(client.get("/ru/search/", {"q": "help"})))


def test_a_match_inside_a_step_links_to_that_step():
    guide = english(GuidePage).get(slug="emergency-care")
    heading = guide.steps[2].value["heading"]
    result = next(r for r in engine.search(heading, "en").results if r.key == "emergency-care")
    assert result.step == "step-3"
    assert result.url == f"{guide.url}#step-3"
    assert "<mark>" in result.snippet


def test_documents_stored_before_the_upgrade_still_land_on_the_step():
    # Before migration 0005 a document held a list of terms per step; it now holds one string per step.
    guide = english(GuidePage).get(slug="emergency-care")
    document = guide.search_document
    SearchDocument.objects.filter(pk=document.pk).update(step_terms=[step.split() for step in document.step_terms])
    import_module("search.migrations.0005_step_terms_as_text").terms_as_text(django_apps, None)
    cache.clear()
    heading = guide.steps[2].value["heading"]
    result = next(r for r in engine.search(heading, "en").results if r.key == "emergency-care")
    assert result.step == "step-3"


def test_guides_only_in_english_are_found_labelled_and_linked_in_the_readers_language(client):
    # Urdu has health-insurance-options but not registering-with-rfzo.
    outcome = engine.search("RFZO", "ur")
    languages = [result.language for result in outcome.results]
    assert "ur" in languages and "en" in languages
    untranslated = next(result for result in outcome.results if result.key == "registering-with-rfzo")
    assert untranslated.language == "en" and untranslated.url.startswith("/ur/health/registering-with-rfzo/")

    page = soup(client.get("/ur/search/", {"q": "RFZO"}))
    label = page.select_one('.result .badge[lang="en"]')
    assert label is not None
    with translation.override("ur"):
        assert translation.gettext("in %(language)s") % {"language": "English"} in label.get_text()


def test_json_api_answers_in_rank_order_with_keys_steps_and_snippets(client):
    data = api(client, q="health insurance", lang="en")
    results = data["results"]
    assert results and set(results[0]) == {"key", "title", "url", "locale", "step", "snippet"}
    assert "health-insurance-options" in [r["key"] for r in results[:3]]
    assert [r["key"] for r in results] == keys("health insurance", "en", limit=20)
    assert all(r["locale"] == "en" and "/en/" in r["url"] for r in results)
    assert any(r["step"] and r["url"].endswith("#" + r["step"]) for r in results)

    russian = {r["key"]: r for r in api(client, q="временное проживание", lang="ru")["results"][:3]}
    assert (
        russian["temporary-residence"]["title"]
        == GuidePage.objects.get(slug="temporary-residence", locale__language_code="ru").title
    )


def test_json_api_explains_bad_parameters(client):
    response = client.get("/api/search/", {"q": "x", "lang": "klingon"})
    assert response.status_code == 400 and "Unknown language" in response.json()["error"]
    data = api(client, q="", lang="en")
    assert data["results"] == [] and data["message"]


NASTY = [
    "",
    "   ",
    "x" * 5000,
    '"unclosed',
    "*",
    "~",
    "health~2",
    "AND",
    "OR NOT",
    "{}",
    "{{ 7*7 }}",
    "a:b",
    "(((",
    "insurance)",
    "\x00",
    "null\x00byte",
    "\x07\x1b[31mred",
    "школа school škola",
    "🙂🏥🚑",
    "' OR 1=1 --",
    "\\",
    "<script>alert(1)</script>",
    "%",
    "_",
    "-health",
    "+health",
    "health^3",
    "[]",
    "/regex/",
]


@pytest.mark.parametrize("query", NASTY)
def test_odd_input_gets_a_normal_page_and_normal_json(client, query):
    page = client.get("/en/search/", {"q": query})
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content
    data = client.get("/api/search/", {"q": query, "lang": "en"})
    assert data.status_code == 200 and isinstance(data.json()["results"], list)
    assert client.get("/api/search/suggest/", {"q": query, "lang": "en"}).status_code == 200


def test_a_very_long_query_is_shortened_and_the_reader_told(client):
    page = client.get("/en/search/", {"q": "insurance " * 500})
    assert page.status_code == 200
    assert "only its first 200 characters were used" in page.content.decode()


def test_nothing_found_says_so_and_offers_a_way_on(client):
    page = soup(client.get("/en/search/", {"q": "qqqzzzxxx"}))
    body = text(page)
    assert "Nothing found for “qqqzzzxxx”" in body
    assert page.select(".search-topics a") and page.select(".guide-list a")


def test_suggestions_complete_the_word_being_typed(client):
    response = client.get("/api/search/suggest/", {"q": "emerg", "lang": "en"})
    titles = [item["title"] for item in response.json()["suggestions"]]
    assert english(GuidePage).get(slug="emergency-care").title in titles


def test_json_endpoints_are_rate_limited_per_client(client):
    with override_settings(SEARCH_API_RATE="3/m"):
        for _ in range(3):
            assert client.get("/api/search/", {"q": "school", "lang": "en"}).status_code == 200
        response = client.get("/api/search/", {"q": "school", "lang": "en"})
        assert response.status_code == 429 and response["Retry-After"] == "60"
        assert "Too many requests" in response.json()["error"]
        other = client.get("/api/search/", {"q": "school", "lang": "en"}, REMOTE_ADDR="10.9.8.7")
        assert other.status_code == 200


def test_a_renamed_topic_shows_under_its_results_at_the_next_search(django_capture_on_commit_callbacks):
    def topic_of_first_result():
        return engine.search("emergency care", "en").results[0].topic

    topic = english(GuidePage).get(slug="emergency-care").get_parent().specific
    assert topic_of_first_result() == topic.title
    topic.title = "Urgent help"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()
    assert topic_of_first_result() == "Urgent help"


def test_publishing_and_unpublishing_update_the_index(django_capture_on_commit_callbacks):
    topic = english(GuidePage).get(slug="learning-serbian").get_parent()
    guide = GuidePage(
        title="The quokka course",
        slug="quokka-course",
        summary="Lessons with a quokka.",
        steps=[{"type": "step", "value": {"heading": "Meet the quokka", "body": "<p>Say hello to the quokka.</p>"}}],
    )
    topic.add_child(instance=guide)
    try:
        assert keys("quokka", "en") == []
        with django_capture_on_commit_callbacks(execute=True):
            guide.save_revision().publish()
        assert keys("quokka", "en") == ["quokka-course"]
        guide.unpublish()
        assert keys("quokka", "en") == []
    finally:
        # An engine's index outlives the test's transaction: leave nothing in it.
        for document in SearchDocument.objects.filter(page=guide):
            document.delete()


def test_an_offices_draft_stays_out_of_search_and_its_published_name_comes_in(
    search_engine, django_capture_on_commit_callbacks
):
    """A guide's steps name their offices; search knows the published name
    only, in every guide that sends the reader there."""
    if search_engine != "database":
        # The signal is the same for every engine; re-indexing three guides in
        # the in-memory OpenSearch index the modules share moves their
        # ranking in later tests, even with the same text put back.
        pytest.skip("re-indexes guides in the shared engine index")
    office = english(Office).get(slug="rfzo-branch")
    guides = {page.slug for page in referring_pages([office])}
    original = office.name
    office.name = "Quokkaville branch of the health fund"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            office.save_revision()  # what an editor's submission for review stores
        assert keys("quokkaville", "en") == []
        with django_capture_on_commit_callbacks(execute=True):
            office.latest_revision.publish()
        assert guides and set(keys("quokkaville", "en", limit=10)) == guides
    finally:
        # An engine's index outlives the test's transaction: put the name back.
        office.name = original
        with django_capture_on_commit_callbacks(execute=True):
            office.save_revision().publish()


def test_update_index_rebuilds_every_guides_document(search_engine):
    if search_engine != "database":
        pytest.skip("rebuilds the shared engine index; covered by the engine fixture itself")
    SearchDocument.objects.all().delete()
    call_command("update_index", verbosity=0)
    assert SearchDocument.objects.count() == GuidePage.objects.live().filter(alias_of__isnull=True).count()
    assert "emergency-care" in keys("ambulance", "en", limit=3)


def test_search_documents_keep_a_guides_text_as_written(search_engine):
    """Not as \\u escapes: a Russian or Arabic result's steps were three
    times the text to read and decode for every search."""
    if search_engine != "database":
        pytest.skip("the same documents on every engine")
    document = SearchDocument.objects.filter(locale__language_code="ru").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(step_texts AS TEXT) FROM search_searchdocument WHERE id = %s", [document.pk])
        (stored,) = cursor.fetchone()
    heading = document.step_texts[0][0]
    assert heading.isascii() is False
    assert heading in stored


def test_searches_and_clicks_are_counted_without_personal_data(client):
    client.get("/en/search/", {"q": "School  Enrolment"}, REMOTE_ADDR="203.0.113.9")
    client.get("/en/search/", {"q": "school enrolment"}, REMOTE_ADDR="203.0.113.9")
    client.get("/en/search/", {"q": "qqqzzz"}, REMOTE_ADDR="203.0.113.9")
    stat = SearchQueryStat.objects.get(query="school enrolment", language="en")
    assert stat.searches == 2 and stat.without_results == 0
    assert SearchQueryStat.objects.get(query="qqqzzz").without_results == 1

    guide = english(GuidePage).get(slug="enrolling-in-primary-school")
    response = client.get(f"/en/search/go/{guide.pk}/", {"q": "school enrolment", "to": f"{guide.url}#step-2"})
    assert response.status_code == 302 and response["Location"] == f"{guide.url}#step-2"
    assert SearchClick.objects.get(query="school enrolment", page=guide).clicks == 1
    # Somewhere else entirely is not a place a result link may send you.
    response = client.get(f"/en/search/go/{guide.pk}/", {"q": "x", "to": "https://evil.example/"})
    assert response["Location"] == guide.url

    stored = json.dumps(list(SearchQueryStat.objects.values()), default=str) + json.dumps(
        list(SearchClick.objects.values()), default=str
    )
    assert "203.0.113.9" not in stored


def test_engine_down_falls_back_to_the_database_and_says_so(client, search_engine, caplog):
    if search_engine == "database":
        pytest.skip("the database is the fallback itself")
    broken = search_backends("http://127.0.0.1:9")  # nothing listens on the discard port
    with override_settings(WAGTAILSEARCH_BACKENDS=broken), caplog.at_level(logging.WARNING, logger="search.backends"):
        outcome = engine.search("health insurance", "en")
        assert outcome.incomplete
        assert "health-insurance-options" in [result.key for result in outcome.results[:3]]
        assert "Search engine failed" in caplog.text
        page = client.get("/en/search/", {"q": "health insurance"})
        assert page.status_code == 200 and "some results may be missing" in page.content.decode()
        assert api(client, q="health insurance", lang="en")["incomplete"] is True


def test_editors_see_what_readers_search_for_and_export_it(client, admin_client):
    for query, language in (("school", "en"), ("school", "en"), ("qqqzzz", "en"), ("школа", "ru")):
        client.get(f"/{language}/search/", {"q": query})
    guide = english(GuidePage).get(slug="enrolling-in-primary-school")
    client.get(f"/en/search/go/{guide.pk}/", {"q": "school", "to": guide.url})

    page = soup(admin_client.get("/admin/reports/search-queries/", {"language": "en"}))
    rows = [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in page.select("tbody tr")]
    assert rows[0][:4] == ["school", "en", "2", "0"]
    assert ["qqqzzz", "en", "1", "1"] in [row[:4] for row in rows]
    assert not any(row[0] == "школа" for row in rows)

    nothing = soup(admin_client.get("/admin/reports/search-queries/", {"nothing_found": "true"}))
    assert [row.find("td").get_text(strip=True) for row in nothing.select("tbody tr")] == ["qqqzzz"]

    csv = admin_client.get("/admin/reports/search-queries/", {"language": "en", "export": "csv"})
    lines = b"".join(csv.streaming_content).decode().strip().splitlines()
    assert lines[0] == "Query,Language,Searches,Found nothing"
    assert lines[1:] == [",".join(row[:4]) for row in rows]

    clicks = soup(admin_client.get("/admin/reports/search-clicks/"))
    assert ["school", "en", guide.title, "1"] in [
        [c.get_text(strip=True) for c in r.find_all("td")] for r in clicks.select("tbody tr")
    ]


def test_analysis_is_safe_with_searches_in_parallel_threads():
    """gunicorn serves two searches at once in one worker; a shared Snowball
    stemmer gave each the other's word (or an IndexError)."""
    from concurrent.futures import ThreadPoolExecutor

    from search.analysis import term

    words = [
        f"{stem}{ending}"
        for stem in ("страхов", "регистрац", "школ", "insur", "registr")
        for ending in ("ание", "ка", "ами", "ing", "ations")
    ]
    expected = {(word, language): term.__wrapped__(word, language) for word in words for language in ("ru", "en")}

    def analyse(pair):
        return pair, term.__wrapped__(*pair)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(20):
            for pair, result in pool.map(analyse, list(expected)):
                assert result == expected[pair], pair

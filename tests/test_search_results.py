"""What a search result says and shows: the step it opens (named), a snippet
in real characters with the matched words marked, the words searched for,
and suggestions and results across languages.

Tests that depend on the engine take `search_engine`, so they run on the
database backend and on OpenSearch (osmem-server); the others run once."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from guides.models import GuidePage
from search import engine
from search.models import Synonym

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def search_page(client, query, language="en", **params):
    return soup(client.get(f"/{language}/search/", {"q": query, **params}))


def result_for(page, guide):
    """The result on a search page that opens `guide`, and the address it opens."""
    for result in page.select(".result"):
        to = parse_qs(urlsplit(result.select_one("h2 a")["href"]).query)["to"][0]
        if to.split("#")[0] == guide.url:
            return result, to
    raise AssertionError(f"{guide.slug} is not among the results")


def result_of(query, language, slug, limit=10):
    return next(r for r in engine.search(query, language, limit=limit).results if r.key == slug)


def step_with(guide, word):
    return next(number for number, step in enumerate(guide.steps, start=1) if word in step.value["body"].source)


# 6. Editors' synonyms


def test_editors_synonyms_keep_the_step_link_and_the_marks(client, search_engine):
    guide = english(GuidePage).get(slug="health-insurance-options")
    number = step_with(guide, "dentist")
    Synonym.objects.create(terms="dentist\nzubar\nzubni lekar")
    result, to = result_for(search_page(client, "dentist"), guide)
    assert to == f"{guide.url}#step-{number}"
    assert {mark.get_text() for mark in result.select(".snippet mark")} >= {"dentist", "dentists"}


def test_synonyms_written_on_one_line_as_the_help_text_shows_them(search_engine):
    guide = english(GuidePage).get(slug="health-insurance-options")
    Synonym.objects.create(terms="dentist / zubar")
    result = result_of("zubar", "en", "health-insurance-options")
    assert result.step == f"step-{step_with(guide, 'dentist')}"
    assert "<mark>dentist</mark>" in result.snippet


# 8. Real characters, escaped once


def test_snippets_are_plain_text_in_json_and_escaped_once_on_the_page(client, search_engine):
    results = client.get("/api/search/", {"q": "Hitna pomoć", "lang": "en"}).json()["results"]
    snippet = next(r["snippet"] for r in results if r["key"] == "emergency-care")
    assert '"Hitna pomoć"' in snippet and "&" not in snippet and "<" not in snippet
    results = client.get("/api/search/", {"q": "someone's life in danger", "lang": "en"}).json()["results"]
    assert "someone's life" in next(r["snippet"] for r in results if r["key"] == "emergency-care")

    result, _ = result_for(search_page(client, "Hitna pomoć"), english(GuidePage).get(slug="emergency-care"))
    snippet = result.select_one(".snippet")
    assert '(the ambulance, "Hitna pomoć")' in snippet.get_text()
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Hitna", "pomoć"]


# 11. Suggestions and other languages


@pytest.mark.parametrize("language, typed", [("en", "heal"), ("ru", "страх")])
def test_suggestions_complete_a_word_that_is_also_a_shorter_word(client, search_engine, language, typed):
    """ "heal" is a word of the guides too, and "страх" a stem of страхование
    and страховка: the guides they begin are what the reader is typing."""
    response = client.get("/api/search/suggest/", {"q": typed, "lang": language})
    titles = [item["title"] for item in response.json()["suggestions"]]
    insurance = GuidePage.objects.get(slug="health-insurance-options", locale__language_code=language)
    assert insurance.title in titles[:3]
    if language == "en":
        health = english(GuidePage).filter(slug__in=["registering-with-rfzo", "emergency-care"])
        assert set(health.values_list("title", flat=True)) <= set(titles)


def test_serbian_words_on_the_russian_site_find_the_guides_they_match(client, search_engine):
    guide = GuidePage.objects.get(slug="health-insurance-options", locale__language_code="ru")
    page = search_page(client, "здравствено осигурање", "ru")
    result, to = result_for(page, guide)
    assert page.select(".result").index(result) < 3
    assert to.startswith(guide.url)


# 12. Wording


@pytest.mark.parametrize("language", ["en", "ru"])  # ru: corrected in the English guides it falls back on
def test_counts_results_for_the_corrected_words_and_offers_the_typed_ones(client, search_engine, language):
    page = search_page(client, "helth", language)
    assert page.select(".result")
    status = text(next(p for p in page.select('p[role="status"]') if p.find_next_sibling("ol", class_="results")))
    assert "health" in status and "helth" not in status
    offer = page.select_one(".did-you-mean a")
    assert offer.get_text() == "helth"
    as_typed = soup(client.get(f"/{language}/search/" + offer["href"]))
    assert not as_typed.select(".result") and not as_typed.select(".did-you-mean")
    assert "helth" in text(as_typed.select_one('p[role="status"]'))


def test_a_result_names_the_step_it_opens(client, search_engine):
    guide = english(GuidePage).get(slug="emergency-care")
    heading = guide.steps[2].value["heading"]
    result, to = result_for(search_page(client, heading), guide)
    assert to.endswith("#step-3")
    assert f"goes straight to step 3: {heading}" in text(result.select_one(".meta"))


def test_snippets_keep_a_steps_parts_and_paragraphs_apart(client, search_engine):
    guide = english(GuidePage).get(slug="registering-with-rfzo")
    result, to = result_for(search_page(client, "insured through work"), guide)
    assert to.endswith("#step-1")
    # The heading, then the text: not one sentence "... through work The Law on ...".
    assert re.search(r"through work\s*[^\w\s]\s*The Law on", result.select_one(".snippet").get_text())
    # Paragraphs: not "separately.If you".
    result, _ = result_for(search_page(client, "separately"), guide)
    assert "separately. If you" in result.select_one(".snippet").get_text()


def test_a_match_in_a_steps_cost_is_marked(client, search_engine):
    guide = english(GuidePage).get(slug="enrolling-in-secondary-school")
    result, to = result_for(search_page(client, "dinars"), guide)
    step = guide.steps[int(to.rsplit("#step-", 1)[1]) - 1].value
    assert "dinars" in step["cost"] and "dinars" not in step["body"].source
    assert "dinars" in [mark.get_text() for mark in result.select(".snippet mark")]


def test_the_search_page_has_one_search_box(client):
    page = search_page(client, "school")
    assert len(page.select('form[role="search"]')) == 1 and len(page.select('input[type="search"]')) == 1
    assert page.select_one('input[type="search"]')["value"] == "school"
    assert len(soup(client.get("/en/")).select('form[role="search"]')) == 1

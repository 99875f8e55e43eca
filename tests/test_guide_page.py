"""A guide as a newcomer reads it: its address, its steps and where they
send the reader, the abbreviations explained, no script needed. Focused:
each test builds the few pages it is about (tests/factories.py)."""

import datetime

import pytest
from wagtail.rich_text import RichText
from wagtail_localize.models import TranslationSource

from .factories import (
    GlossaryTermFactory,
    GuidePageFactory,
    OfficeDirectoryPageFactory,
    OfficeFactory,
    TopicPageFactory,
)
from .helpers import soup, text

pytestmark = [pytest.mark.django_db, pytest.mark.focused]


def test_guide_url_reads_topic_then_guide(client, home):
    guide = GuidePageFactory(parent=TopicPageFactory(parent=home, slug="health"), slug="emergency-care")
    assert guide.url == "/en/health/emergency-care/"
    page = soup(client.get(guide.url))
    assert page.h1.get_text() == guide.title


def test_the_overview_links_to_every_step(client, home):
    guide = GuidePageFactory(
        parent__parent=home, steps__0__step__heading="Ask your host", steps__1__step__heading="Go to the police"
    )
    page = soup(client.get(guide.url))
    overview = page.select(".step-overview a")
    assert [link.get_text(strip=True) for link in overview] == ["Ask your host", "Go to the police"]
    for number, link in enumerate(overview, start=1):
        assert link["href"] == f"#step-{number}"
        assert link.get_text() in text(page.find(id=f"step-{number}").h2)
    assert "In short" in text(page)
    assert page.select(".sources li"), "a guide cites its sources"
    assert page.find("time", attrs={"datetime": guide.last_reviewed.isoformat()})


def test_step_links_to_its_office_in_the_directory(client, home):
    office = OfficeFactory(name="Republic Health Insurance Fund (RFZO)")
    OfficeDirectoryPageFactory(parent=home)
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    link = soup(client.get(guide.url)).select_one(".office a")
    assert link.get_text() == office.name
    directory_url, anchor = link["href"].split("#")
    entry = soup(client.get(directory_url)).find(id=anchor)
    assert entry is not None and office.name in text(entry)


def test_abbreviations_are_explained_where_they_appear(client, home):
    term = GlossaryTermFactory(abbreviation="RFZO", full_name="Republic Health Insurance Fund")
    body = '<p>Register with the RFZO. <a href="https://www.rfzo.rs">RFZO website</a></p>'
    guide = GuidePageFactory(parent__parent=home, steps__0__step__body=RichText(body))
    page = soup(client.get(guide.url))
    abbr = page.find("abbr", string="RFZO")
    assert abbr is not None and abbr["title"] == term.full_name
    # A link's text is left alone: no <abbr> nested inside <a>.
    assert page.find("a", string="RFZO website")
    assert not page.select("a abbr")


def test_a_guide_page_needs_no_javascript(client, home):
    page = soup(client.get(GuidePageFactory(parent__parent=home).url))
    # Only the site's optional scripts (menus and folding steps, offline
    # reading, the checklist), deferred (the browser tests read a guide with
    # JavaScript off).
    assert [script["src"] for script in page.find_all("script") if script.has_attr("defer")] == [
        "/static/js/putokaz.js",
        "/static/offline/offline.js",
        "/static/guides/checklist.js",
    ]
    assert len(page.find_all("script")) == 3


def test_a_topic_with_many_guides_lists_them_a_page_at_a_time(client, home):
    topic = TopicPageFactory(parent=home)
    for _ in range(topic.guides_per_page + 5):
        GuidePageFactory(parent=topic)
    count = topic.guides().count()
    first = soup(client.get(topic.url))
    assert len(first.select(".guide-list li")) == topic.guides_per_page
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    last_page = (count - 1) // topic.guides_per_page + 1
    second = soup(client.get(topic.url + next_link))
    assert second.select_one(".pagination a[rel=prev]")
    # Nonsense or too large page numbers give a page, not an error.
    assert len(soup(client.get(topic.url, {"page": "x"})).select(".guide-list li")) == topic.guides_per_page
    last = soup(client.get(topic.url, {"page": "9999"}))
    assert f"{last_page}" in last.select_one(".pagination [aria-current=page]").get_text()


def test_a_change_that_matters_is_dated_on_the_guide_and_a_small_edit_adds_none(client, home):
    guide = GuidePageFactory(parent__parent=home)
    assert not soup(client.get(guide.url)).select(".latest-change, #changes")

    guide.summary = "Fixed a typo."  # a small correction: no note
    guide.save_revision().publish()
    assert not soup(client.get(guide.url)).select(".latest-change, #changes")

    guide.change_notes = [
        ("change", {"date": datetime.date(2026, 3, 1), "note": "New form for registering a stay"}),
        ("change", {"date": datetime.date(2026, 11, 20), "note": "Fees updated"}),
    ]
    guide.save_revision().publish()
    page = soup(client.get(guide.url))
    latest = page.select_one(".latest-change")
    assert "Fees updated" in latest.get_text() and latest.time["datetime"] == "2026-11-20"
    history = [item.get_text(" ", strip=True) for item in page.select("#changes li")]
    assert len(history) == 2 and "Fees updated" in history[0] and "New form" in history[1]


def test_change_notes_are_translated_with_the_guide(home):
    guide = GuidePageFactory(parent__parent=home)
    guide.change_notes = [("change", {"date": datetime.date(2026, 11, 20), "note": "Fees updated"})]
    guide.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(guide)
    assert "Fees updated" in [segment.string.data for segment in source.stringsegment_set.select_related("string")]


def test_a_guide_says_which_topic_it_is_part_of(client, home):
    topic = TopicPageFactory(parent=home, title="Health")
    page = soup(client.get(GuidePageFactory(parent=topic).url))
    link = page.select_one(".part-of a")
    assert link["href"] == topic.url and link.get_text() == "Health"


def test_a_long_guide_leads_back_to_its_steps_after_each_one(client, home):
    short = GuidePageFactory(parent__parent=home)
    assert len(short.steps) <= 3 and not soup(client.get(short.url)).select(".to-steps")
    long = GuidePageFactory(parent__parent=home, **{f"steps__{i}__step__heading": f"Step {i}" for i in range(5)})
    links = soup(client.get(long.url)).select(".to-steps a")
    assert len(links) == len(long.steps) == 5 and {a["href"] for a in links} == {"#overview-heading"}


def test_a_guide_describes_itself_to_search_engines_in_its_summary_unless_an_editor_wrote_one(client, home):
    guide = GuidePageFactory(parent__parent=home, summary="Call 194 for an ambulance: it is free for everyone.")
    description = soup(client.get(guide.url)).find("meta", attrs={"name": "description"})
    assert description["content"] == "Call 194 for an ambulance: it is free for everyone."
    guide.search_description = "Emergency help in Serbia, step by step."
    guide.save_revision().publish()
    description = soup(client.get(guide.url)).find("meta", attrs={"name": "description"})
    assert description["content"] == "Emergency help in Serbia, step by step."

"""The translation status table (issue 17): every guide, topic and event
against the nine languages, as a translator deciding what to do next reads
it: each cell's state and the link that does the next thing, the counts per
language, the filters, the export, and a query count that does not grow
with the site."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Workflow

from bench.corpus import generate_guides
from cultural_events.models import EventPage
from guides.models import GuidePage, TopicPage

from .helpers import english, soup
from .test_translation_guards import new_english_guide

pytestmark = pytest.mark.django_db

URL = reverse("translation_status_report")


def words(element):
    return " ".join(element.get_text().split())


def row_of(page_html, title):
    """The table row of a page, as {column heading: cell}."""
    headings = [words(th) for th in page_html.select("table thead th")]
    for row in page_html.select("table tbody tr"):
        cells = row.select("td")
        if words(cells[0]).startswith(title):
            return dict(zip(headings, cells, strict=False))
    raise AssertionError(f"no row for {title!r}")


def guide(slug, language="en"):
    return GuidePage.objects.get(slug=slug, locale__language_code=language)


def test_every_guide_topic_and_event_has_a_row_with_a_cell_per_language(admin_client):
    table = soup(admin_client.get(URL))
    headings = [words(th) for th in table.select("table thead th")]
    assert headings[3:] == ["English", "Српски", "Srpski", "Русский", "Українська", "العربية", "فارسی", "پښتو", "اردو"]
    titles = [words(row.td) for row in table.select("table tbody tr")]
    for model in (GuidePage, TopicPage, EventPage):
        for page in english(model).filter(alias_of__isnull=True):
            assert any(title.startswith(page.title) for title in titles), page.title

    row = row_of(table, guide("emergency-care").title)
    assert words(row["English"]).startswith("Original")
    russian = guide("emergency-care", "ru")
    assert words(row["Русский"]).startswith("Translated")
    assert row["Русский"].a["href"] == reverse("wagtailadmin_pages:edit", args=[russian.pk])


def test_an_english_edit_makes_each_translation_outdated_with_a_link_to_sync(admin_client):
    source = guide("emergency-care")
    source.summary += " Checked again."
    source.save_revision().publish()
    row = row_of(soup(admin_client.get(URL)), source.title)
    for language in ("Русский", "فارسی", "اردو"):
        cell = row[language]
        assert words(cell).startswith("Outdated since"), words(cell)
        assert "/localize/update/" in cell.a["href"] and words(cell.a) == "Sync"


def test_a_guide_not_yet_translated_is_shown_in_english_with_a_link_to_translate(admin_client):
    fresh = new_english_guide()
    row = row_of(soup(admin_client.get(URL)), fresh.title)
    for language in ("Русский", "العربية", "پښتو"):
        assert words(row[language]).startswith("Not translated (shown in English)")
        assert row[language].a["href"] == reverse("wagtail_localize:submit_page_translation", args=[fresh.pk])


def test_a_translation_waiting_for_review_and_an_unpublished_one_say_so(admin_client, admin_user):
    waiting, withdrawn = guide("emergency-care", "uk"), guide("emergency-care", "ar")
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None, "the portal's review workflow"
    workflow.start(waiting, admin_user)
    withdrawn.unpublish()
    row = row_of(soup(admin_client.get(URL)), guide("emergency-care").title)
    assert words(row["Українська"]).startswith("In review") and words(row["Українська"].a) == "Open the review"
    assert words(row["العربية"]).startswith("Draft")
    assert row["العربية"].a["href"] == reverse("wagtailadmin_pages:edit", args=[withdrawn.pk])


def test_the_counts_per_language_say_how_much_is_left(admin_client):
    rows = english(GuidePage).count() + english(TopicPage).count() + english(EventPage).count()
    fresh = new_english_guide()
    counts = {words(item) for item in soup(admin_client.get(URL)).select(".translation-counts li")}
    farsi = next(line for line in counts if line.startswith("فارسی"))
    assert farsi == f"فارسی: {rows} of {rows + 1} translated · outdated: 0 · in review: 0 · shown in English: 1"
    assert fresh


def test_filters_by_status_and_language_and_by_kind_and_topic(admin_client):
    source = guide("emergency-care")
    source.save_revision().publish()
    outdated = soup(admin_client.get(URL, {"status": "outdated", "language": "ru"}))
    assert [words(row.td) for row in outdated.select("table tbody tr")] == [source.title]

    events = soup(admin_client.get(URL, {"kind": "event"}))
    titles = [words(row.td) for row in events.select("table tbody tr")]
    assert titles and all(any(t.startswith(e.title) for t in titles) for e in english(EventPage))
    assert len(titles) == english(EventPage).count()

    health = soup(admin_client.get(URL, {"topic": "health"}))
    titles = [words(row.td) for row in health.select("table tbody tr")]
    assert source.title in " ".join(titles) and guide("registering-your-stay").title not in " ".join(titles)


def test_the_export_holds_the_same_rows(admin_client):
    source = guide("emergency-care")
    source.save_revision().publish()
    response = admin_client.get(URL, {"export": "csv", "language": "ru", "status": "outdated"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Page", "Kind", "Topic", "English"]
    assert len(rows) == 2 and rows[1][0] == source.title
    assert rows[1][rows[0].index("Русский")].startswith("Outdated (")
    xlsx = admin_client.get(URL, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_table_answers_in_the_same_number_of_queries_at_a_thousand_more_guides(admin_client):
    admin_client.get(URL)  # the session and the admin's own first-use lookups
    with CaptureQueriesContext(connection) as at_demo_size:
        assert admin_client.get(URL).status_code == 200
    generate_guides(1000)
    assert GuidePage.objects.count() > 1000
    with CaptureQueriesContext(connection) as larger:
        assert admin_client.get(URL).status_code == 200
    assert len(larger) == len(at_demo_size), [query["sql"][:120] for query in larger][-20:]


# Who may read it: tests/test_permissions.py (REPORTS).

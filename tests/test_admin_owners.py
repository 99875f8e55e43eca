"""Each app registers its own admin (issue 14): guides/ lists the office
directory and the glossary with columns, filters and search; feedback/
puts its summary on the guide's edit page though guides/ does not know it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from feedback.models import Feedback
from guides.models import GlossaryTerm, GuidePage, Office

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db


def test_office_listing_has_columns_and_filters_by_kind_and_language(admin_client):
    url = reverse("wagtailsnippets_guides_office:list")
    page = soup(admin_client.get(url))
    headings = [text(th) for th in page.select("thead th")]
    assert {"Name", "Kind", "City", "Phone", "Locale"} <= set(headings), headings
    police = admin_client.get(url, {"kind": "police", "locale": "en"})
    names = " ".join(text(row) for row in soup(police).select("tbody tr"))
    for office in english(Office):
        assert (office.name in names) is (office.kind == "police"), office.name
    assert "Police" in names  # the kind as editors read it, not its key


def test_glossary_listing_is_searchable_by_abbreviation(admin_client):
    url = reverse("wagtailsnippets_guides_glossaryterm:list")
    shown = " ".join(text(row) for row in soup(admin_client.get(url, {"q": "RFZO", "locale": "en"})).select("tbody tr"))
    assert english(GlossaryTerm).get(abbreviation="RFZO").full_name in shown
    assert english(GlossaryTerm).get(abbreviation="UNHCR").full_name not in shown


def imported_apps(app):
    """The top-level packages an app's modules import."""
    names = set()
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_feedback_summary_is_on_the_guide_edit_page_though_guides_does_not_import_feedback(admin_client):
    assert "feedback" not in imported_apps("guides")
    guide = english(GuidePage).first()
    Feedback.objects.create(page=guide, locale_id=guide.locale_id, helpful=False, comment="Which office is open?")
    counts = {answer: Feedback.objects.filter(page=guide, helpful=answer).count() for answer in (True, False)}
    page = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])))
    summary = page.select_one(".feedback-summary")
    assert f"Helped: {counts[True]} · Did not help: {counts[False]}" in text(summary)
    assert "Which office is open?" in text(summary)
    assert summary.select_one("a")["href"] == f"{reverse('feedback:index')}?page={guide.pk}"

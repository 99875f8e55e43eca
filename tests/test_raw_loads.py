"""Rows loaded as a fixture (`loaddata`, and so `manage.py restore`) are
saved with `raw=True` into a database that may be half loaded: the
project's own receivers leave them alone, and whoever loads rebuilds what
they would have done (restore rebuilds the search and reference indexes)."""

import json
from unittest import mock

import pytest
from django.core import serializers
from django.core.management import call_command
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from guides.models import GuidePage, Office
from home.models import HomePage
from search.models import SearchDocument

from .helpers import english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def load(tmp_path, rows, django_capture_on_commit_callbacks):
    """`loaddata` of `rows` (JSON fixture text), with what waits for the
    commit run at once."""
    fixture = tmp_path / "rows.json"
    fixture.write_text(rows, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", str(fixture), verbosity=0)


def cache_state(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response["X-Page-Cache"]


def test_a_loaded_office_purges_no_page_and_makes_no_latin_copy(client, tmp_path, django_capture_on_commit_callbacks):
    office = english(Office).get(slug="emergency-medical-service")
    cyrillic = Office.objects.get(translation_key=office.translation_key, locale__language_code="sr")
    latin = Office.objects.get(translation_key=office.translation_key, locale__language_code="sr-latn")
    directory = HomePage.objects.get(locale__language_code="en").get_children().get(slug="offices")
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="en")
    for url in (directory.url, guide.url):
        assert cache_state(client, url) == "miss"

    office.phone = cyrillic.phone = "194 (24 h)"
    cyrillic.name = "Хитна помоћ (нова адреса)"
    load(tmp_path, serializers.serialize("json", [office, cyrillic]), django_capture_on_commit_callbacks)

    assert Office.objects.get(pk=cyrillic.pk).name == "Хитна помоћ (нова адреса)"
    assert cache_state(client, directory.url) == "hit"
    assert cache_state(client, guide.url) == "hit"
    assert Office.objects.get(pk=latin.pk).name == latin.name


def test_a_loaded_view_restriction_purges_no_page_and_leaves_search_documents(
    tmp_path, django_capture_on_commit_callbacks
):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="en")
    document = SearchDocument.objects.get(page=guide)

    restriction = {"restriction_type": "password", "password": "a secret", "page": guide.pk, "groups": []}
    rows = json.dumps([{"model": "wagtailcore.pageviewrestriction", "fields": restriction}])
    # Every purge (the page cache and any CDN) goes through a PurgeBatch.
    with mock.patch.object(PurgeBatch, "purge") as purge:
        load(tmp_path, rows, django_capture_on_commit_callbacks)

    assert guide.get_view_restrictions().exists()
    assert not purge.called
    assert SearchDocument.objects.filter(pk=document.pk).exists()

"""Workarounds for upstream bugs, each checked against the upstream code it
works around: a test here fails when upstream changes underneath, which is
the moment to read the workaround's docstring and, most likely, delete it."""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.views import update_translations

from guides.models import GuidePage
from languages.views import UpdateTranslationsView
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="search/sqlite_ranking.py is used on SQLite only"
)


# ------------------------------------------------ search/sqlite_ranking.py


def modelsearch_sqlite():
    """modelsearch's own SQLite backend, as it would be without the workaround."""
    backend = DatabaseSearchBackend({})
    assert type(backend).__name__ == "SQLiteSearchBackend"
    return backend


@sqlite_only
def test_modelsearch_still_ranks_sqlite_searches_with_a_subquery_per_row():
    """The slowness the workaround exists for: modelsearch 1.3 scores every
    matching row by running the full-text match again in a correlated
    subquery. If this fails, modelsearch ranks some other way now: time the
    two (make bench-search) and delete search/sqlite_ranking.py if its own
    backend is as fast (see the module's docstring)."""
    results = modelsearch_sqlite().search("health insurance", SearchDocument.objects.all(), operator="or")
    assert full_text_matches_per_row(*results.get_queryset().query.sql_with_params())


@sqlite_only
def test_the_ranked_backend_asks_sqlite_once():
    ranked = get_search_backend("default").search("health insurance", SearchDocument.objects.all(), operator="or")
    with CaptureQueriesContext(connection) as captured:
        assert list(ranked)
    (ranking,) = [query["sql"] for query in captured if "bm25" in query["sql"]]
    assert full_text_matches_per_row(ranking) == []


def full_text_matches_per_row(sql, params=()):
    """The steps of SQLite's plan for `sql` that run a full-text match
    inside a correlated subquery, once for every row (modelsearch's own
    ranking). Reading each result's entry by its key is not one."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = cursor.fetchall()
    inside = {step for step, _parent, _unused, detail in plan if "CORRELATED" in detail}
    for step, parent, _unused, _detail in plan:  # a step comes after its parent
        if parent in inside:
            inside.add(step)
    return [detail for step, _parent, _unused, detail in plan if step in inside and "VIRTUAL TABLE" in detail]


@sqlite_only
def test_the_database_backend_on_sqlite_is_the_ranked_one():
    """search/backends.py swaps in the ranked backend when modelsearch picks
    its class named SQLiteSearchBackend: a renamed class would silently
    bring the slow ranking back."""
    from search.sqlite_ranking import RankedSQLiteSearchBackend

    assert isinstance(get_search_backend("default"), RankedSQLiteSearchBackend)


@sqlite_only
@pytest.mark.parametrize(
    "model, method, query",
    [
        (SearchDocument, "search", "health insurance"),
        (SearchDocument, "search", "school enrol"),
        # The admin's page choosers and search boxes autocomplete on titles.
        (Page, "autocomplete", "heal"),
    ],
)
def test_the_ranked_backend_finds_and_counts_what_modelsearch_does(model, method, query):
    """The workaround reuses modelsearch's query building and changes only
    the ranking; if modelsearch changes how it matches, the two differ."""
    ranked = getattr(get_search_backend("default"), method)(query, model.objects.all(), operator="or")
    upstream = getattr(modelsearch_sqlite(), method)(query, model.objects.all(), operator="or")
    found = {found_object.pk for found_object in ranked}
    assert found, f"nothing found for {query!r}"
    assert found == {found_object.pk for found_object in upstream}
    assert ranked.count() == upstream.count() == len(found)
    # The ranked backend puts the best first (bm25: lower is better).
    scores = [found_object.score for found_object in ranked.annotate_score("score")]
    assert scores == sorted(scores)


# ------------------------------------------------ languages.views.UpdateTranslationsView


def ukrainian_guide_with_an_unpublished_title(title):
    english_guide = GuidePage.objects.get(slug="learning-serbian", locale__language_code="en")
    ukrainian = GuidePage.objects.get(slug="learning-serbian", locale__language_code="uk")
    translation = Translation.objects.get(
        source__object_id=english_guide.translation_key, target_locale=ukrainian.locale
    )
    segment = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=ukrainian.locale,
        context=segment.context,
        defaults={"data": title, "translation_type": "manual"},
    )
    return TranslationSource.objects.get_for_instance(english_guide), ukrainian


def test_wagtail_localize_still_publishes_synced_translations_without_the_right_to_publish():
    """What the guarded view exists for: wagtail-localize's own "Sync
    translated pages" with "Publish immediately" checks only the right to
    submit translations. An editor, who may not publish the Ukrainian
    guide, still publishes it through the unguarded view. If this fails,
    wagtail-localize checks now: delete languages.views.UpdateTranslationsView
    and its URL in languages/wagtail_hooks.py (see the view's docstring)."""
    source, ukrainian = ukrainian_guide_with_an_unpublished_title("Вивчення сербської (синхронізовано)")
    editor = User.objects.create_user("editor", password="a long password for tests")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("wagtail_localize.submit_translation")
    assert not ukrainian.permissions_for_user(editor).can_publish()

    request = RequestFactory().post("/", {"publish_translations": "on"})
    request.user, request.session = editor, SessionStore()
    request._messages = FallbackStorage(request)
    response = update_translations.UpdateTranslationsView.as_view()(request, translation_source_id=source.pk)

    assert response.status_code == 302
    assert Page.objects.get(pk=ukrainian.pk).title == "Вивчення сербської (синхронізовано)"


def test_the_guarded_sync_answers_at_wagtail_localizes_address():
    """The guard is a URL registered at the same address before
    wagtail-localize's: every link to "Sync translated pages" reaches it."""
    url = reverse("wagtail_localize:update_translations", args=[1])
    assert resolve(url).func.view_class is UpdateTranslationsView

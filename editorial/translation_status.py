"""Every guide, topic and event against the portal's languages: what each
language's readers get, and the next thing a translator does about it.

One page of rows costs a fixed number of queries, however many pages the
site holds: the rows' source pages, every version of them, their
translations, the reviews in progress, the topics (tests/test_translation_status.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import Translation

from cultural_events.models import EventPage
from guides.models import GuidePage, TopicPage
from languages.status import is_outdated, made_at, taken_from_source_at
from readership.counter import views_since

# The window "most read" looks at.
READERS_DAYS = 30

# The kinds of page readers open, with the name the table gives each.
KINDS = {"guide": (GuidePage, _("Guide")), "topic": (TopicPage, _("Topic")), "event": (EventPage, _("Event"))}

IN_SYNC, OUTDATED, UNTRANSLATED, IN_REVIEW, DRAFT, ORIGINAL = (
    "in sync",
    "outdated",
    "not translated",
    "in review",
    "draft",
    "original",
)
STATES = {
    IN_SYNC: _("Translated"),
    OUTDATED: _("Outdated"),
    UNTRANSLATED: _("Not translated"),
    IN_REVIEW: _("In review"),
    DRAFT: _("Draft"),
    ORIGINAL: _("Original"),
}
# What the state means for readers, where the name alone does not say.
NOTES = {UNTRANSLATED: _("shown in English")}
ACTIONS = {
    IN_SYNC: _("Edit"),
    OUTDATED: _("Sync"),
    UNTRANSLATED: _("Translate"),
    IN_REVIEW: _("Open the review"),
    DRAFT: _("Edit"),
    ORIGINAL: _("Edit"),
}


@dataclass
class Cell:
    """One page in one language."""

    state: str
    url: str
    since: datetime | None = None  # outdated: when the original changed
    views: int = 0  # by readers of this language, in the last READERS_DAYS days

    @property
    def label(self):
        return STATES[self.state]

    @property
    def note(self):
        return NOTES.get(self.state, "")

    @property
    def action(self):
        return ACTIONS[self.state]

    def __str__(self):
        if self.since:
            return f"{self.label} ({self.since:%Y-%m-%d})"
        return f"{self.label} ({self.note})" if self.note else str(self.label)


@dataclass
class Row:
    page: Page  # the original, in the source language
    kind: str
    topic: str
    cells: dict  # language code → Cell

    @property
    def pk(self):
        return self.page.pk

    @property
    def title(self):
        return self.page.title

    @property
    def kind_label(self):
        return KINDS[self.kind][1]

    def views(self, language=None):
        """Views in one language, or in all."""
        if language:
            return self.cells[language].views
        return sum(item.views for item in self.cells.values())


def source_pages(kinds=KINDS):
    """The originals the table lists, in tree order."""
    types = ContentType.objects.get_for_models(*(KINDS[kind][0] for kind in kinds)).values()
    return Page.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE, alias_of__isnull=True, content_type__in=types
    ).order_by("path")


def status_rows(sources):
    """A Row per original in `sources` (a queryset), with a Cell per language."""
    sources = list(sources.select_related("content_type"))
    keys = Subquery(Page.objects.filter(pk__in=[page.pk for page in sources]).values("translation_key"))
    versions = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(made_at=made_at(OuterRef("live_revision_id")))
        .only("translation_key", "locale_id", "alias_of_id", "live", "live_revision_id")
    }
    translations = {
        (translation.source.object_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(source__object_id__in=keys, enabled=True).select_related("source")
    }
    # Reviews in progress are few at any time: fetched whole, not by id.
    in_review = {
        int(object_id)
        for object_id in WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    }
    views = views_since(READERS_DAYS)
    parents = {page.path[: -Page.steplen] for page in sources}
    topics = dict(Page.objects.filter(path__in=parents).values_list("path", "title"))
    locales = list(Locale.objects.order_by("pk"))
    kind_of = {ContentType.objects.get_for_model(model).pk: kind for kind, (model, _label) in KINDS.items()}
    order = [code for code, _name in settings.LANGUAGES]
    locales.sort(key=lambda locale: order.index(locale.language_code) if locale.language_code in order else 99)

    rows = []
    for source in sources:
        cells = {}
        for locale in locales:
            if locale.language_code == settings.LANGUAGE_CODE:
                version, item = source, original_cell(source, in_review)
            else:
                version = versions.get((source.translation_key, locale.pk))
                translation = translations.get((source.translation_key, locale.pk))
                item = cell(source, version, translation, in_review)
            item.views = views.get(version.pk, 0) if version else 0
            cells[locale.language_code] = item
        kind = kind_of.get(source.content_type_id, "guide")
        topic = topics.get(source.path[: -Page.steplen], "") if kind == "guide" else ""
        rows.append(Row(page=source, kind=kind, topic=topic, cells=cells))
    return rows


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def original_cell(source, in_review):
    if source.pk in in_review:
        return Cell(IN_REVIEW, edit_url(source))
    return Cell(ORIGINAL if source.live else DRAFT, edit_url(source))


def cell(source, version, translation, in_review):
    if version is None or version.alias_of_id:
        # The reader gets the original; a translator starts a translation.
        return Cell(UNTRANSLATED, reverse("wagtail_localize:submit_page_translation", args=[source.pk]))
    if version.pk in in_review:
        return Cell(IN_REVIEW, edit_url(version))
    if not version.live:
        return Cell(DRAFT, edit_url(version))
    if translation is not None:
        # The readers' notice and the outdated report use the same rule.
        taken_at = taken_from_source_at(translation.source.last_updated_at, version.made_at)
        if is_outdated(source, taken_at):
            return Cell(
                OUTDATED,
                reverse("wagtail_localize:update_translations", args=[translation.source_id]),
                since=source.last_published_at,
            )
    return Cell(IN_SYNC, edit_url(version))


def counts(rows):
    """Per language: how many rows, translated (live in that language, in
    sync or not), outdated, in review and not translated."""
    keys = {OUTDATED: "outdated", IN_REVIEW: "in_review", UNTRANSLATED: "untranslated"}
    totals = {}
    for row in rows:
        for code, item in row.cells.items():
            if code == settings.LANGUAGE_CODE:
                continue
            total = totals.setdefault(code, dict.fromkeys(["rows", "translated", *keys.values()], 0))
            total["rows"] += 1
            total["translated"] += item.state in (IN_SYNC, OUTDATED)
            if item.state in keys:
                total[keys[item.state]] += 1
    return totals

"""What a reader is told about the language of the page in front of them:
not yet translated (an alias of the source page, made by wagtail-localize's
synchronised trees), translated from a source that has changed since, or
translated in part (published with some text still in the source language)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import DateTimeField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.segments.extract import extract_segments

from base import versions

from .fallback import language_code

# What a reader is told changes with a page (published, synced, moved) and
# with wagtail-localize's record of its translation.
STATUS = "translation-status"
STATUS_SECONDS = 3600


def connect():
    versions.follow(STATUS, (Page, Site, Locale, Translation, TranslationSource, StringSegment, StringTranslation))


@dataclass(frozen=True)
class Shown:
    """The page in another language, as a notice links to it."""

    language: str
    url: str
    full_url: str

    @classmethod
    def of(cls, page, request=None):
        return cls(language_code(page.locale_id), page.get_url(request), page.get_full_url(request))


@dataclass
class TranslationStatus:
    untranslated: bool = False
    outdated: bool = False
    source: Shown | None = None  # the page whose text the reader sees, or should see
    source_changed_at: datetime | None = None
    available: list = field(default_factory=list)  # real translations: [Shown]
    # Where a translation shows source text: wagtail-localize's paths
    # ("summary", "steps.<block id>.heading").
    missing: frozenset = frozenset()

    def language_of(self, path):
        """The source's language code for a field (or block) shown, wholly or
        in part, in the source language; None where it is translated."""
        if any(missing == path or missing.startswith(path + ".") for missing in self.missing):
            return self.source_language
        return None

    @property
    def source_language(self):
        return self.source.language if self.source else None


def real_translations(page, request=None):
    """The page in every locale that has its own text (aliases excluded)."""
    pages = Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True).live().public()
    return [Shown.of(p, request) for p in pages.order_by("locale_id")]


def reader_status(page, request):
    """translation_status(page) for the reader's page, kept per worker until
    the page or its translation changes."""
    site = Site.find_for_request(request) if request is not None else None
    key = f"translation-status:{site.pk if site else None}:{page.pk}"
    return versions.kept(STATUS, key, lambda: translation_status(page, request), STATUS_SECONDS)


def translation_status(page, request=None):
    if page.alias_of_id:
        source = page.alias_of
        if source.locale_id != page.locale_id:
            return TranslationStatus(
                untranslated=True, source=Shown.of(source, request), available=real_translations(page, request)
            )
        return TranslationStatus()
    translation = (
        Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
        .select_related("source")
        .annotate(made_at=made_at(page.live_revision_id))
        .first()
    )
    if translation is None:
        return TranslationStatus()
    source = translation.source.get_source_instance()
    changed = source.last_published_at
    outdated = is_outdated(source, taken_from_source_at(translation.source.last_updated_at, translation.made_at))
    missing = shown_in_source_language(page, translation, translation.made_at)
    if outdated or missing:
        return TranslationStatus(
            outdated=outdated,
            source=Shown.of(source, request),
            source_changed_at=changed if outdated else None,
            missing=missing,
        )
    return TranslationStatus()


def made_at(live_revision):
    """When the live revision of a translation was made (an id, or an
    OuterRef to one): the TranslationLog wagtail-localize writes with the
    revision it makes from the source, else the revision's own time."""
    if live_revision is None:
        return Value(None, output_field=DateTimeField())
    log = TranslationLog.objects.filter(revision_id=live_revision).order_by("-created_at").values("created_at")[:1]
    revision = Revision.objects.filter(pk=live_revision).values("created_at")[:1]
    return Coalesce(Subquery(log), Subquery(revision))


def taken_from_source_at(synced_at, made_at):
    """When the text the live translation shows was taken from the source:
    a translation is made from the source as last synced, so no later than
    its sync nor than its live revision (a sync without publishing moves
    the first, not what readers see)."""
    return min(synced_at, made_at) if made_at else synced_at


def is_outdated(source, taken_at):
    """Has the source been published since `taken_at`?"""
    changed = source.last_published_at
    return bool(source.live and changed and changed > taken_at)


def shown_in_source_language(page, translation, made_at):
    """The paths of the text a translation shows in the source language:
    wagtail-localize publishes a translation with segments still
    untranslated by falling back to their source text. A segment counts when
    it had no translation into the page's language when the live revision
    was made (`made_at`; one typed since waits in a draft or for review) and
    the live page does show its source text there (not an older translation
    kept from before the source changed). One query; the page is read only
    when some segment lacks a translation."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=page.locale_id,
        has_error=False,
    )
    # No live revision: the live page was not made from the translation (a
    # stand-in whose translation has only begun), so none of it counts.
    translated = translated.filter(updated_at__lte=made_at) if made_at else translated.none()
    lacking = set(
        StringSegment.objects.filter(source_id=translation.source_id)
        .filter(~Exists(translated))
        .values_list("context__path", "string__data")
    )
    if not lacking:
        return frozenset()
    shown = {(segment.path, segment.string.data) for segment in extract_segments(page) if hasattr(segment, "string")}
    return frozenset(path for path, data in lacking & shown)

"""What a reader is told about the language of the page in front of them:
not yet translated (an alias of the source page, made by wagtail-localize's
synchronised trees), translated from a source that has changed since, or
translated in part (published with some text still in the source language)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.segments.extract import extract_segments

from .fallback import language_code


@dataclass
class TranslationStatus:
    untranslated: bool = False
    outdated: bool = False
    source: Page | None = None  # the page whose text the reader sees, or should see
    source_changed_at: datetime | None = None
    available: list = field(default_factory=list)  # real translations: [(locale, page)]
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
        return language_code(self.source.locale_id) if self.source else None


def real_translations(page):
    """The page in every locale that has its own text (aliases excluded)."""
    pages = Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True).live().public()
    return sorted(((p.locale, p) for p in pages.select_related("locale")), key=lambda pair: pair[0].pk)


def translation_status(page):
    if page.alias_of_id:
        source = page.alias_of
        if source.locale_id != page.locale_id:
            return TranslationStatus(untranslated=True, source=source, available=real_translations(page))
        return TranslationStatus()
    translation = (
        Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
        .select_related("source")
        .first()
    )
    if translation is None:
        return TranslationStatus()
    source = translation.source.get_source_instance()
    changed = source.last_published_at
    outdated = bool(source.live and changed and changed > translation.source.last_updated_at)
    missing = shown_in_source_language(page, translation)
    if outdated or missing:
        return TranslationStatus(
            outdated=outdated, source=source, source_changed_at=changed if outdated else None, missing=missing
        )
    return TranslationStatus()


def shown_in_source_language(page, translation):
    """The paths of the text a translation shows in the source language:
    wagtail-localize publishes a translation with segments still
    untranslated by falling back to their source text. A segment counts when
    it has no translation into the page's language and the live page does
    show its source text there (not an older translation kept from before
    the source changed). One query; the page is read only when some
    segment lacks a translation."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=page.locale_id,
        has_error=False,
    )
    lacking = set(
        StringSegment.objects.filter(source_id=translation.source_id)
        .filter(~Exists(translated))
        .values_list("context__path", "string__data")
    )
    if not lacking:
        return frozenset()
    shown = {(segment.path, segment.string.data) for segment in extract_segments(page) if hasattr(segment, "string")}
    return frozenset(path for path, data in lacking & shown)

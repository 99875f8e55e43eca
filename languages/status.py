"""What a reader is told about the language of the page in front of them:
not yet translated (an alias of the source page, made by wagtail-localize's
synchronised trees), or translated from a source that has changed since."""

from dataclasses import dataclass, field
from datetime import datetime

from wagtail.models import Page
from wagtail_localize.models import Translation


@dataclass
class TranslationStatus:
    untranslated: bool = False
    outdated: bool = False
    source: Page | None = None  # the page whose text the reader sees, or should see
    source_changed_at: datetime | None = None
    available: list = field(default_factory=list)  # real translations: [(locale, page)]


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
    if source.live and changed and changed > translation.source.last_updated_at:
        return TranslationStatus(outdated=True, source=source, source_changed_at=changed)
    return TranslationStatus()

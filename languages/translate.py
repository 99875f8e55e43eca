"""Making translations through wagtail-localize from code: the demo loader
(translated text from demo/<lang>/) and Serbian Latin (transliterated from
the Cyrillic on every publish) both go through here, so what they make is an
ordinary wagtail-localize translation an editor can open and change."""

from django.db import transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments

from .machine_translator import CYRILLIC, LATIN
from .transliteration import to_latin


class StructureMismatch(ValueError):
    """The translated text does not line up with the source's segments."""


def translated_strings(translated_instance):
    """The text segments of an unsaved instance built from translated data, in
    the same order wagtail-localize extracts them from the source."""
    for field in translated_instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            # Serialising gives every block the id it would get when saved;
            # wagtail-localize addresses text by those ids.
            value = field.get_prep_value(field.value_from_object(translated_instance))
            setattr(translated_instance, field.attname, field.to_python(value))
    return [segment for segment in extract_segments(translated_instance) if hasattr(segment, "string")]


def source_segments(source):
    return list(source.stringsegment_set.order_by("order").select_related("string", "context"))


def _store(segments, locale, texts, *, machine_tool=None):
    """Each segment's translation into `locale`, in three queries rather
    than two per string. Bulk saves send no post_save: the one receiver of
    wagtail-localize's that acts on it (a page title's translation becomes
    the page's draft title) is done here."""
    kind = StringTranslation.TRANSLATION_TYPE_MACHINE if machine_tool else StringTranslation.TRANSLATION_TYPE_MANUAL
    values = {"translation_type": kind, "tool_name": machine_tool or "", "has_error": False, "field_error": ""}
    existing = {
        (translation.translation_of_id, translation.context_id): translation
        for translation in StringTranslation.objects.filter(
            locale=locale, translation_of_id__in={segment.string_id for segment in segments}
        )
    }
    now = timezone.now()
    new, changed = {}, {}
    for segment, data in zip(segments, texts, strict=True):
        key = (segment.string_id, segment.context_id)
        if translation := existing.get(key):
            for name, value in {**values, "data": data, "updated_at": now}.items():
                setattr(translation, name, value)
            changed[key] = translation
        else:
            new[key] = StringTranslation(
                translation_of_id=segment.string_id, context_id=segment.context_id, locale=locale, data=data, **values
            )
    StringTranslation.objects.bulk_create(new.values())
    StringTranslation.objects.bulk_update(changed.values(), [*values, "data", "updated_at"])
    for segment, data in zip(segments, texts, strict=True):
        if segment.context.path == "title":
            Page.objects.filter(translation_key=segment.context.object_id, locale=locale).update(draft_title=data)


@transaction.atomic
def translate(instance, locale, texts, *, machine_tool=None, publish=True, source=None):
    """Translate `instance` into `locale`: `texts` are the translated strings
    (StringValue data), one per source string segment, in order. `source` is
    the instance's TranslationSource, if the caller has just brought it up to
    date, so that its segments are not extracted twice."""
    if source is None:
        source, _ = TranslationSource.update_or_create_from_instance(instance)
    segments = source_segments(source)
    if len(segments) != len(texts):
        raise StructureMismatch(
            f"{instance!r}: the source has {len(segments)} pieces of text, the translation {len(texts)}"
        )
    Translation.objects.update_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    _store(segments, locale, texts, machine_tool=machine_tool)
    translated, _ = source.create_or_update_translation(locale, publish=publish, copy_parent_pages=True, fallback=True)
    return translated


def translate_from(instance, locale, translated_instance, source=None):
    """Translate `instance` with the text of `translated_instance`, an unsaved
    copy built from the same structure in the target language (`source`: as
    for translate)."""
    texts = [segment.string.data for segment in translated_strings(translated_instance)]
    return translate(instance, locale, texts, source=source)


def transliterate_to_latin(instance):
    """Make or refresh the Serbian Latin translation of a Serbian Cyrillic
    page or snippet, letter for letter, so the two never drift apart."""
    if instance.locale.language_code != CYRILLIC:
        return None
    latin = Locale.objects.filter(language_code=LATIN).first()
    if latin is None:
        return None
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    texts = [to_latin(segment.string.data) for segment in source_segments(source)]
    return translate(instance, latin, texts, machine_tool="Serbian transliteration", source=source)

"""Showing what exists when a translation does not (yet)."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale


def content_locale_id(page):
    """The language a page's text is in: an untranslated stand-in (an alias
    made by the synchronised tree) carries its source's text."""
    return page.alias_of.locale_id if page.alias_of_id else page.locale_id


def readable_pages():
    """Every live, public page written in its own language: no untranslated
    stand-in (an alias repeating its source), no private page, not the tree's
    root. What the sitemap lists and the content API serves."""
    from wagtail.models import Page

    return Page.objects.live().public().filter(depth__gt=1, alias_of__isnull=True)


def in_language(queryset, locale_id):
    """Each object of a translatable `queryset` in the given language, or in
    the source language where it has no translation yet; in queryset order."""
    source_id = default_locale().pk
    chosen = {}
    for obj in queryset.filter(locale_id__in={locale_id, source_id}):
        if obj.translation_key not in chosen or obj.locale_id == locale_id:
            chosen[obj.translation_key] = obj
    return list(chosen.values())


def localized(pages):
    """Each page in the reader's language, as `Page.localized` gives it (its
    live translation, else the page itself), for a list of pages in one
    query instead of one per page. None stays None."""
    from wagtail.models import Page

    locale = active_locale()
    keys = {page.translation_key for page in pages if page is not None and page.locale_id != locale.pk}
    translations = {}
    if keys:
        translations = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(locale=locale, translation_key__in=keys)
            .defer_streamfields()
            .specific()
        }
    return [translations.get(page.translation_key, page) if page is not None else None for page in pages]


# Locale id → language code, for telling which language a listed page or
# snippet is written in without a query per object. Locales are few and
# almost never change; a locale saved or deleted empties it (apps.py).
_language_codes = {}
# Language code → Locale, as Locale.get_active() and get_default() find it,
# which query each time they are asked.
_locales = {}


def forget_locales(**kwargs):
    _language_codes.clear()
    _locales.clear()


def locale_for(code):
    if code not in _locales:
        _locales[code] = Locale.objects.get_for_language(code)
    return _locales[code]


def every_locale():
    """Every Locale, without a query once known."""
    if not _language_codes:
        _language_codes.update(Locale.objects.values_list("pk", "language_code"))
    return [locale_for(code) for code in list(_language_codes.values())]


def active_locale():
    """Locale.get_active(), without a query once known."""
    return locale_or_default(get_language())


def locale_or_default(code):
    """The language's Locale, or the default one where it has none."""
    try:
        return locale_for(code)
    except (Locale.DoesNotExist, LookupError):
        return default_locale()


def default_locale():
    return locale_for(settings.LANGUAGE_CODE)


def language_code(locale_id):
    if locale_id not in _language_codes:
        _language_codes.clear()
        _language_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _language_codes.get(locale_id)


def text_language(obj):
    """The language code of the text an object shows: a page or snippet in
    the reader's tree, the source page `localized` falls back to, or an
    untranslated stand-in (an alias made by the synchronised trees, whose
    text is its source's, in the source language they synchronise from)."""
    if getattr(obj, "alias_of_id", None):
        source = obj._state.fields_cache.get("alias_of")
        return language_code(source.locale_id) if source is not None else settings.LANGUAGE_CODE
    locale_id = getattr(obj, "locale_id", None)
    return language_code(locale_id) if locale_id else None

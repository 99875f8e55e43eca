"""Showing what exists when a translation does not (yet)."""

from wagtail.models import Locale


def content_locale_id(page):
    """The language a page's text is in: an untranslated stand-in (an alias
    made by the synchronised tree) carries its source's text."""
    return page.alias_of.locale_id if page.alias_of_id else page.locale_id


def in_language(queryset, locale_id):
    """Each object of a translatable `queryset` in the given language, or in
    the source language where it has no translation yet; in queryset order."""
    source_id = Locale.get_default().pk
    chosen = {}
    for obj in queryset.filter(locale_id__in={locale_id, source_id}):
        if obj.translation_key not in chosen or obj.locale_id == locale_id:
            chosen[obj.translation_key] = obj
    return list(chosen.values())

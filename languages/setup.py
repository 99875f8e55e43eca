"""The portal's locales, their synchronised page trees, and a translators'
group per language. Idempotent: `manage.py ensure_languages` runs it on every
`make run` and release, so adding a language to settings.LANGUAGES is enough."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import get_language_info
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree

from .machine_translator import LATIN

# What a translator may do in their own language's tree: edit and publish its
# pages and start translations into it. Nothing outside that tree.
TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def translators_group_name(language_code):
    return f"Translators: {get_language_info(language_code)['name']}"


def ensure_locales():
    source = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    locales = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locales[code] = Locale.objects.get_or_create(language_code=code)[0]
        if code != settings.LANGUAGE_CODE:
            LocaleSynchronization.objects.get_or_create(locale=locales[code], defaults={"sync_from": source})
    return locales


def synchronise_trees(locales):
    """Every page of the source language exists in every other language: as a
    translation, or as an alias that shows the source with a notice."""
    index = PageIndex.from_database().sort_by_tree_position()
    source = locales[settings.LANGUAGE_CODE]
    for code, locale in locales.items():
        if locale != source:
            synchronize_tree(source, locale, page_index=index)


def ensure_translator_groups(locales):
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    submit = Permission.objects.filter(content_type__app_label="wagtail_localize", codename="submit_translation").first()
    page_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=TRANSLATOR_PAGE_PERMISSIONS)
    )
    site_root = Page.objects.filter(sites_rooted_here__is_default_site=True).first()
    groups = {}
    for code, locale in locales.items():
        # English is the source, edited by editors; Serbian Latin is made
        # from the Cyrillic and has no translators of its own.
        if code in (settings.LANGUAGE_CODE, LATIN):
            continue
        group, _ = Group.objects.get_or_create(name=translators_group_name(code))
        group.permissions.add(admin_access, *([submit] if submit else []))
        home = site_root.get_translation_or_none(locale) if site_root else None
        if home is not None:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        groups[code] = group
    return groups


def ensure_languages():
    locales = ensure_locales()
    synchronise_trees(locales)
    ensure_translator_groups(locales)
    return locales

"""The portal's locales, their synchronised page trees, and a translators'
group per language. Idempotent: `manage.py ensure_languages` runs it on every
`make run` and release, so adding a language to settings.LANGUAGES is enough."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import get_language_info
from wagtail.models import GroupPagePermission, Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree

from .machine_translator import LATIN


def translator_page_permissions():
    """What a translator may do in their own language's tree: edit its pages
    and start translations into it, and publish them unless translations
    need review (settings.TRANSLATIONS_NEED_REVIEW). Nothing outside that tree."""
    return ["add_page", "change_page", *([] if settings.TRANSLATIONS_NEED_REVIEW else ["publish_page"])]


def translators_group_name(language_code):
    """The language as readers see it in the switcher ("Translators: فارسی"),
    which reads the same whatever language the admin is in."""
    return f"Translators: {dict(settings.LANGUAGES)[language_code]}"


def english_translators_group_name(language_code):
    """What these groups were called before ("Translators: Persian"): the
    next run renames them, keeping their members and permissions."""
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
    for locale in locales.values():
        if locale != source:
            synchronize_tree(source, locale, page_index=index)


def ensure_translator_groups(locales):
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    submit = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    codenames = translator_page_permissions()
    page_permissions = list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames))
    site_root = Page.objects.filter(sites_rooted_here__is_default_site=True).first()
    groups = {}
    for code, locale in locales.items():
        # English is the source, edited by editors; Serbian Latin is made
        # from the Cyrillic and has no translators of its own.
        if code in (settings.LANGUAGE_CODE, LATIN):
            continue
        Group.objects.filter(name=english_translators_group_name(code)).update(name=translators_group_name(code))
        group, _ = Group.objects.get_or_create(name=translators_group_name(code))
        group.permissions.add(admin_access, *([submit] if submit else []))
        home = site_root.get_translation_or_none(locale) if site_root else None
        # Exactly these: switching review on takes the right to publish away.
        GroupPagePermission.objects.filter(group=group).exclude(permission__codename__in=codenames).delete()
        if home is not None:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        groups[code] = group
    return groups


def public_address():
    """(hostname, port) of settings.PUBLIC_URL, as a Site record holds them."""
    address = urlsplit(settings.PUBLIC_URL)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


def ensure_site_address():
    """The default Site answers to the public address, so that Wagtail's own
    absolute URLs (hreflang alternates, .ics files, CDN purges, "View live"
    in the admin) use it rather than the http://localhost/ of a first install."""
    hostname, port = public_address()
    site = Site.objects.filter(is_default_site=True).first()
    if hostname and site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()


def ensure_languages():
    locales = ensure_locales()
    synchronise_trees(locales)
    ensure_translator_groups(locales)
    ensure_site_address()
    return locales

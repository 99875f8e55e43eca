"""The API's answers are kept in Django's cache until content changes.

Every key carries a generation that any save or delete of what the API shows
(pages, offices, glossary terms, view restrictions, images, locales) replaces,
so a publish, an unpublish or a new restriction is seen by the next request:
exact, without listing which of the many filtered answers a change touches
(the version is base.versions'). Drafts save their page row too; they only
cost a refill."""

import hashlib

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, Site
from wagtail.signals import post_page_move

from base import versions
from guides.models import GlossaryTerm, Office, Publication

VERSION = "content-api"
SHOWN = (Page, Office, GlossaryTerm, Publication, BaseViewRestriction, AbstractImage, Locale, Site)


def on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, SHOWN):
        versions.move_on(VERSION)


def on_move(**kwargs):
    versions.move_on(VERSION)


def connect():
    post_save.connect(on_save_or_delete, dispatch_uid="content_api_save")
    post_delete.connect(on_save_or_delete, dispatch_uid="content_api_delete")
    post_page_move.connect(on_move, dispatch_uid="content_api_move")


def key(request):
    address = request.get_full_path()
    return f"content-api:{versions.current(VERSION)}:{hashlib.sha256(address.encode()).hexdigest()}"


def lifetime():
    return settings.PAGE_CACHE_SECONDS

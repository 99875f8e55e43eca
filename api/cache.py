"""The API's answers are kept in Django's cache until content changes.

Every key carries a generation that any save or delete of what the API shows
(pages, offices, glossary terms, view restrictions, images, locales) replaces,
so a publish, an unpublish or a new restriction is seen by the next request:
exact, without listing which of the many filtered answers a change touches.
Drafts save their page row too; they only cost a refill."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, Site
from wagtail.signals import post_page_move

from guides.models import GlossaryTerm, Office, Publication

GENERATION = "content-api:generation"
SHOWN = (Page, Office, GlossaryTerm, Publication, BaseViewRestriction, AbstractImage, Locale, Site)


def generation():
    value = cache.get(GENERATION)
    if value is None:
        cache.add(GENERATION, uuid.uuid4().hex, None)
        value = cache.get(GENERATION) or "unshared"
    return value


def content_changed():
    cache.set(GENERATION, uuid.uuid4().hex, None)


def on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, SHOWN):
        content_changed()
        # Again once committed: a request between the two would keep the
        # state from before the transaction.
        transaction.on_commit(content_changed)


def on_move(**kwargs):
    content_changed()
    transaction.on_commit(content_changed)


def connect():
    post_save.connect(on_save_or_delete, dispatch_uid="content_api_save")
    post_delete.connect(on_save_or_delete, dispatch_uid="content_api_delete")
    post_page_move.connect(on_move, dispatch_uid="content_api_move")


def key(request):
    address = request.get_full_path()
    return f"content-api:{generation()}:{hashlib.sha256(address.encode()).hexdigest()}"


def lifetime():
    return settings.PAGE_CACHE_SECONDS

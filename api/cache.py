"""The API's answers are kept in Django's cache until content changes.

Every key carries a generation that any save or delete of what the API shows
(pages, offices, glossary terms, view restrictions, images, locales) replaces,
so a publish, an unpublish or a new restriction is seen by the next request:
exact, without listing which of the many filtered answers a change touches
(the version is base.versions'). Drafts save their page row too; they only
cost a refill."""

import hashlib

from django.conf import settings
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, Site

from base import versions
from guides.models import GlossaryTerm, Office, Publication

VERSION = "content-api"
SHOWN = (Page, Office, GlossaryTerm, Publication, BaseViewRestriction, AbstractImage, Locale, Site)


def connect():
    versions.follow(VERSION, SHOWN)


def key(request):
    address = request.get_full_path()
    return f"content-api:{versions.current(VERSION)}:{hashlib.sha256(address.encode()).hexdigest()}"


def lifetime():
    return settings.PAGE_CACHE_SECONDS

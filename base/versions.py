"""Versions of what many pages show, kept in Django's cache.

A part that every page of a language repeats (the menu, the footer, the
glossary its abbreviations come from) is worth building once per language
rather than on every page: it is kept under a key that names its version,
and a change to what it shows moves the version on, so the next page builds
it again. Exact, without deciding which keys a change touched."""

import time
import uuid
from collections import OrderedDict

from asgiref.local import Local
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

# The home pages and the pages right below them (sections, the pages about
# Putokaz, the directory and glossary pages): what menus and footers show.
NAVIGATION = "navigation"
NAVIGATION_DEPTH = 3
# Any page, site, locale or view restriction: which page an address leads
# to (base.routing), whether it is private, its translations and the links
# it shows.
PAGES = "pages"
PAGES_SECONDS = 3600


# The versions the current request has read (VersionsMiddleware): a page
# reads several kept values under one version, and asks the cache once.
_request = Local()


# Every version this process has read. A request reads them all from the
# cache in one round trip, at its first: a guide reads five, a search four,
# and each was a round trip of its own.
_names = set()


def current(name):
    seen = getattr(_request, "versions", None)
    if seen == {} and _names:  # the request's first version
        # tuple(): copied at once, while another thread may be adding a name.
        found = cache.get_many([f"version:{known}" for known in tuple(_names)])
        seen.update((key.removeprefix("version:"), value) for key, value in found.items())
    if seen is not None and name in seen:
        return seen[name]
    _names.add(name)
    key = f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or "unshared"  # a cache that is down keeps nothing: every key misses
    if seen is not None:
        seen[name] = value
    return value


def move_on(name):
    """Now, and again once committed: a page built in between would keep
    what the transaction had not yet changed."""

    def new_version():
        seen = getattr(_request, "versions", None)
        if seen is not None:
            seen.pop(name, None)
        cache.set(f"version:{name}", uuid.uuid4().hex, None)

    new_version()
    transaction.on_commit(new_version)


# What each process holds: key → (key with its version, value, time to drop
# it), the most recently read last. Per-page values (routes) would otherwise
# grow with every address a crawler asks for.
_held = OrderedDict()
HELD_AT_MOST = 5000


def kept(name, key, build, seconds):
    """build(), kept under `key` until version `name` moves on, and at most
    `seconds` (a bound for changes no signal reports): in this process, so
    a page reads it without a round trip to the cache and unpickling; and
    in Django's cache, where the first worker to build it leaves it for the
    others. What is kept is shared by every request of the process: plain
    values, not objects a request might change. None is kept too."""
    versioned = f"kept:{key}:{current(name)}"
    held = _held.get(key)
    if held and held[0] == versioned and held[2] > time.monotonic():
        _held.move_to_end(key)
        return held[1]
    boxed = cache.get(versioned)  # (value,): a kept None is not a miss
    if boxed is None:
        boxed = (build(),)
        cache.set(versioned, boxed, seconds)
    _held[key] = (versioned, boxed[0], time.monotonic() + seconds)
    _held.move_to_end(key)
    if len(_held) > HELD_AT_MOST:
        _held.popitem(last=False)
    return boxed[0]


def page_saved_or_deleted(instance, **kwargs):
    if not kwargs.get("raw") and instance.depth is not None and instance.depth <= NAVIGATION_DEPTH:
        move_on(NAVIGATION)


def any_saved(sender, instance, **kwargs):
    # Each page type sends its own post_save: every sender, filtered here.
    if isinstance(instance, Page):
        page_saved_or_deleted(instance, **kwargs)


def navigation_changed(**kwargs):
    if not kwargs.get("raw"):
        move_on(NAVIGATION)


def follow(name, models):
    """Move version `name` on at every save or delete of an instance of
    `models` (a page of any type, a snippet, a restriction...) and at every
    page move: for caches of answers that show many of them at once."""

    def changed(sender, instance, **kwargs):
        if isinstance(instance, models):
            move_on(name)

    def moved(**kwargs):
        move_on(name)

    # Weak references would let the closures go as soon as this returns.
    post_save.connect(changed, weak=False, dispatch_uid=f"versions-{name}-saved")
    post_delete.connect(changed, weak=False, dispatch_uid=f"versions-{name}-deleted")
    post_page_move.connect(moved, weak=False, dispatch_uid=f"versions-{name}-moved")


def connect():
    follow(PAGES, (Page, Site, Locale, PageViewRestriction))
    post_save.connect(any_saved, dispatch_uid="versions-page-saved")
    post_delete.connect(page_saved_or_deleted, sender=Page, dispatch_uid="versions-page-deleted")
    post_page_move.connect(navigation_changed, dispatch_uid="versions-page-moved")
    for model in (PageViewRestriction, Locale, Site):
        post_save.connect(navigation_changed, sender=model, dispatch_uid=f"versions-{model.__name__}-saved")
        post_delete.connect(navigation_changed, sender=model, dispatch_uid=f"versions-{model.__name__}-deleted")


class VersionsMiddleware:
    """Each version is read from the cache once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        outer = getattr(_request, "versions", None)  # a preview is a request inside the editor's
        _request.versions = {}
        try:
            return self.get_response(request)
        finally:
            _request.versions = outer

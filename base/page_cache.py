"""The full-page cache for anonymous readers.

A published page is the same for every anonymous reader: its language is in
its address and it carries nothing per visitor (the feedback buttons need no
token). So the rendered page is kept in Django's cache under its path and
served from there until something it shows changes.

Emptying goes through wagtail.contrib.frontend_cache: `PageCacheBackend` is
one of its backends, so the purge that empties a CDN in front of the site
empties this cache too, and `base.invalidation` decides which addresses a
change touches. Readers with a session (editors), requests with a query
string, private pages and responses that set a cookie are never cached;
responses to signed-in users say `Cache-Control: private, no-store`.
"""

import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.backends import BaseBackend

from . import versions

GZIP = re.compile(r"\bgzip\b")
# Headers that belong to one response, not to the page.
NOT_STORED = {"set-cookie", "date", "content-length"}


def cache_key(path, compressed):
    """Stored compressed for readers whose browser takes gzip (nearly all),
    plain for the others."""
    return "page:" + hashlib.sha256(path.encode()).hexdigest() + (":gz" if compressed else "")


def takes_gzip(request):
    return bool(GZIP.search(request.headers.get("Accept-Encoding", "")))


def for_everyone(request):
    """A request whose answer may come from, and go into, the cache."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: only Wagtail pages open to everyone are stored
    (whether a page is private is kept per worker until a page or a
    restriction changes).
    Which page it is goes with the stored response (`served_page_id`), for
    whoever counts the pages readers open."""
    restricted = versions.kept(
        versions.PAGES, f"restricted:{page.pk}", lambda: page.get_view_restrictions().exists(), versions.PAGES_SECONDS
    )
    request.page_for_everyone = not restricted
    request.served_page_id = page.pk


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not for_everyone(request):
            return for_one_reader(request, self.get_response(request))
        key = cache_key(request.path, takes_gzip(request))
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for header, value in stored["headers"]:
                response.headers[header] = value
            response.headers["X-Page-Cache"] = "hit"
            request.served_page_id = stored.get("page")
            return response

        response = self.get_response(request)
        if not getattr(request, "page_for_everyone", True):
            return for_one_reader(request, response)
        if self.storable(request, response):
            # A page that says something true only until a given time ("open
            # now") sets request.page_cache_seconds: kept no longer than that.
            seconds = min(
                settings.PAGE_CACHE_SECONDS, getattr(request, "page_cache_seconds", settings.PAGE_CACHE_SECONDS)
            )
            patch_cache_control(
                response, public=True, max_age=min(settings.PAGE_BROWSER_SECONDS, seconds), s_maxage=seconds
            )
            headers = [(h, v) for h, v in response.headers.items() if h.lower() not in NOT_STORED]
            stored = {"content": response.content, "headers": headers, "page": getattr(request, "served_page_id", None)}
            cache.set(key, stored, seconds)
            response.headers["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def storable(request, response):
        return (
            getattr(request, "page_for_everyone", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # e.g. a CSRF token: that page is per visitor
            and "private" not in response.get("Cache-Control", "")
        )


def for_one_reader(request, response):
    """What a signed-in editor sees (drafts, the user bar, the admin) is
    kept by no shared cache and no browser cache. A private page, and what a
    reader with a session sees, is theirs alone: `private` also keeps it out
    of the offline copies on the reader's phone (offline/service-worker.js)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    elif getattr(request, "page_for_everyone", True) is False or settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True)
    return response


class PageCacheBackend(BaseBackend):
    """A frontend_cache backend that empties the full-page cache."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        paths = [urlsplit(url).path for url in urls]
        cache.delete_many([cache_key(path, compressed) for path in paths for compressed in (False, True)])

"""The site a request is for, looked up once per worker and host.

Wagtail looks the site up in the database on every request that needs it
(`Site.find_for_request`, about 1 ms of query building for a table of one
row), and keeps it on the request as `_wagtail_site`. Sites change seldom:
each worker keeps the answer per host and port under the navigation
version, which any save or delete of a site moves on (base.versions), and
leaves it on the request, where Wagtail looks first; the same for the
sites' root paths, which every page address is made from."""

from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from . import versions

SITE_SECONDS = 3600


def needs_no_site(view):
    """For a view that must answer without the database (/healthz, /readyz)."""
    view.needs_no_site = True
    return view


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if getattr(view, "needs_no_site", False):
            return None
        try:
            request.get_host()  # only allowed hosts: a forged Host header must not add entries
        except DisallowedHost:
            return None
        key = f"site:{request._get_raw_host()}:{request.get_port()}"
        request._wagtail_site = versions.kept(
            versions.NAVIGATION, key, lambda: Site._find_for_request(request), SITE_SECONDS
        )
        # Where Page.get_url(request) looks for them first.
        request._wagtail_cached_site_root_paths = site_root_paths()
        return None


def site_root_paths():
    """Site.get_site_root_paths, kept per worker under the navigation
    version (root pages and their translations sit near the top of the
    tree): Wagtail reads them from Django's cache, a round trip each time."""
    return versions.kept(versions.NAVIGATION, "site-root-paths", Site.get_site_root_paths, SITE_SECONDS)

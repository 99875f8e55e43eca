"""Which page an address leads to, kept per worker.

Wagtail finds the page for an address by walking the tree from the site's
root: a query per level and another for each page's own type, six for
/ru/health/emergency-care/, a third of an uncached guide's time. The
answer changes only when a page is saved, moved or deleted, or a site or
locale changes: each worker keeps which page an address leads to under the
version those move on (base.versions.PAGES), and reads just that page. What
Wagtail does after routing (view restrictions, before_serve_page hooks,
the page's own serve) is unchanged."""

from django.contrib.contenttypes.models import ContentType
from django.urls import re_path
from django.utils.translation import get_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from . import versions


def serve(request, path):
    """Wagtail's serve view, routed through what this worker keeps."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)


def route_for_request(request, path):
    """Page.route_for_request, without the walk for an address already
    known. Wagtail looks for the route on the request first."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = Site.find_for_request(request)
    if site is None:
        return Page.route_for_request(request, path)
    key = f"route:{site.pk}:{get_language()}:{path}"
    found = versions.kept(versions.PAGES, key, lambda: walk(request, path), versions.PAGES_SECONDS)
    if found is not None and not hasattr(request, "_wagtail_route_for_request"):
        content_type_id, page_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first()
        if page is not None and page.live:
            request._wagtail_route_for_request = RouteResult(page)
    return Page.route_for_request(request, path)


def walk(request, path):
    """Wagtail's own routing; the page it found if the address names it
    plainly (a sub-route of a routable page, with arguments, is not kept)."""
    result = Page.route_for_request(request, path)
    if result is None or result.args or result.kwargs:
        return None
    return (result.page.content_type_id, result.page.pk)


# wagtail.urls (the password and login forms for private pages, and its
# pattern for page addresses), with the pages served by `serve` above.
urlpatterns = [
    re_path(pattern.pattern.regex.pattern, serve, name=pattern.name) if pattern.name == "wagtail_serve" else pattern
    for pattern in wagtail_urls.urlpatterns
]

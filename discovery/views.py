from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .sitemap import PortalSitemap

SECTIONS = {"pages": PortalSitemap}


def sections(request):
    return {name: sitemap(request) for name, sitemap in SECTIONS.items()}


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap_index(request):
    """The files of the sitemap, at the configured public address."""
    locations = [
        settings.PUBLIC_URL + reverse("sitemap_section", args=[name]) + (f"?p={number}" if number > 1 else "")
        for name, sitemap in sections(request).items()
        for number in sitemap.paginator.page_range
    ]
    return render(request, "discovery/sitemap_index.xml", {"locations": locations}, content_type="application/xml")


@require_GET
@cache_control(public=True, max_age=3600)
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sections(request), section=section)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    """Crawlers may read every page; the admin, search results, feedback
    forms and the APIs are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/search/",
        "Disallow: /*/feedback/",
        "",
        f"Sitemap: {settings.PUBLIC_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

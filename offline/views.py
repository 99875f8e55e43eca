"""Putokaz on a phone without signal: the web app manifest, the service
worker that keeps the pages a reader opened, the page shown offline for a
page never opened, and the page that lists what is kept on the phone."""

import hashlib
import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from guides.models import TopicPage

# What every page needs, kept when the worker installs so that the first
# page a reader opens offline has its stylesheet, scripts and icons.
ASSETS = [
    "css/putokaz.css",
    "css/print.css",
    "js/putokaz.js",
    "offline/offline.js",
    "guides/checklist.js",
    "favicon.svg",
    "offline/icon-192.png",
    "offline/apple-touch-icon.png",
]
THEME_COLOUR = "#0b4f6c"


def asset_urls():
    return [static(name) for name in ASSETS]


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """From the site's root so that it may keep every language's pages.
    Its version is its assets' addresses (hashed in production) and the
    storage cap: a release that changes them installs a new worker, which
    drops the old release's files."""
    assets = asset_urls()
    version = hashlib.sha256(json.dumps([assets, settings.OFFLINE_STORAGE_MB]).encode()).hexdigest()[:12]
    context = {
        "version": version,
        "assets": json.dumps(assets),
        "limit_bytes": int(settings.OFFLINE_STORAGE_MB * 1024 * 1024),
        "languages": json.dumps([code for code, _ in settings.LANGUAGES]),
    }
    return render(request, "offline/service-worker.js", context, content_type="text/javascript")


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request):
    language = get_language()
    home = f"/{language}/"
    data = {
        "name": "Putokaz",
        "short_name": "Putokaz",
        "description": gettext("Step-by-step guides for newcomers to Serbia"),
        "lang": language,
        "dir": "rtl" if get_language_info(language)["bidi"] else "ltr",
        "id": "/",
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("offline/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("offline/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(public=True, max_age=600)
def offline_page(request):
    """Shown by the worker, in the reader's language, for a page they never
    opened; its script lists the pages they do have."""
    return render(request, "offline/offline.html", {"saved_url": reverse("offline_saved")})


@require_GET
@cache_control(public=True, max_age=600)
def saved_page(request):
    """What this phone keeps: guides started, pages saved for offline, and
    one button that clears it all. The lists are the browser's own."""
    return render(request, "offline/saved.html")


@require_GET
@cache_control(public=True, max_age=300)
def topic_pages(request, page_id):
    """The addresses of a topic's guides in the reader's language (an
    untranslated guide at its stand-in's address), for "Save this topic for
    offline": every guide, not only the topic's first page of them."""
    topic = TopicPage.objects.live().public().filter(pk=page_id).first()
    if topic is None:
        raise Http404
    address = topic.get_url(request)
    guides = [guide.get_url(request) for guide in topic.guides()]
    return JsonResponse({"topic": address, "title": topic.title, "pages": [address, *guides]})

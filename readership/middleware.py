"""Counts each page a reader opens, including pages the page cache serves
(this sits outside it): the page's id and the day, nothing else."""

import re

from django.conf import settings

from . import counter

# Robots that say what they are: search engines, link previews, monitors,
# scripts. A browser's user agent matches none of these.
ROBOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|uptime|"
    r"lighthouse|headless|python-|curl/|wget/|httpclient|go-http|java/|okhttp|axios|node-fetch",
    re.IGNORECASE,
)


def is_reader(request):
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a HEAD, or an editor (readers have no session)
    if "prefetch" in request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", ""):
        return False  # the browser guessing, not the reader opening
    return not ROBOT.search(request.headers.get("User-Agent", "") or "robot")


class PageViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = getattr(request, "served_page_id", None)
        if page_id and response.status_code == 200 and is_reader(request):
            counter.count_view(page_id)
        return response

"""The search page, the JSON API and suggestions, and the click counter
behind result links. Thin: the work is in engine.py and the stages it ties."""

from urllib.parse import quote

from django.conf import settings
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page, Site

from guides.models import GuidePage

from . import engine
from .models import SearchClick, SearchQueryStat
from .query import MAX_QUERY_LENGTH, clean_query, logged_form

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def record_search(query, language, found):
    logged = logged_form(query)
    if not logged:
        return
    day = timezone.localdate()
    counts = {"searches": F("searches") + 1, "without_results": F("without_results") + (0 if found else 1)}
    if not SearchQueryStat.objects.filter(day=day, language=language, query=logged).update(**counts):
        stat, _ = SearchQueryStat.objects.get_or_create(day=day, language=language, query=logged)
        SearchQueryStat.objects.filter(pk=stat.pk).update(**counts)


def notices(raw_query, outcome):
    """What the reader is told about their query, in their language."""
    messages = []
    if len(" ".join((raw_query or "").split())) > MAX_QUERY_LENGTH:
        messages.append(
            _("Your search was long, so only its first %(count)s characters were used.") % {"count": MAX_QUERY_LENGTH}
        )
    if outcome.incomplete:
        messages.append(_("Search is working in a simpler mode right now, so some results may be missing."))
    return messages


def search(request):
    if limited(request, "search-page"):
        response = TemplateResponse(request, "search/too_many.html", status=429)
        response["Retry-After"] = "60"
        return response
    raw_query = request.GET.get("q", "")
    language = get_language()
    # "Search instead for what you typed" turns spelling correction off.
    outcome = engine.search(raw_query, language, limit=20, correct=not request.GET.get("exact"))
    if outcome.query:
        record_search(outcome.query, language, bool(outcome.results))
    context = {
        "search_query": outcome.query,
        "outcome": outcome,
        # Each result with its link, which counts the click.
        "results": list(zip(outcome.results, click_links(outcome.results, outcome.query), strict=True)),
        "notices": notices(raw_query, outcome),
    }
    site = Site.find_for_request(request)
    if outcome.query and not outcome.results and site is not None:
        home = site.root_page.localized.specific
        featured = (block.value.localized for block in getattr(home, "featured_guides", []) if block.value)
        context["featured"] = [guide for guide in featured if guide.live]
    return TemplateResponse(request, "search/search.html", context)


# Stands for a page id in the one reverse() every result's link is made from.
ANY_PAGE = 2**31 - 1


def click_links(results, query):
    """Each result's link, through result_click (which counts it for the
    query, then goes on to the result): reverse() once, not once per result
    (twenty took 1.7 ms of a search page), and the query string made here
    rather than by two template filters per result."""
    address = reverse("search_click", args=[ANY_PAGE])
    asked = quote(query, safe="/")
    return [
        f"{address.replace(str(ANY_PAGE), str(result.target.pk))}?q={asked}&to={quote(result.url, safe='/')}"
        for result in results
    ]


def too_many_requests():
    response = JsonResponse({"error": _("Too many requests. Please wait a minute and try again.")}, status=429)
    response["Retry-After"] = "60"
    return response


def limited(request, group):
    # key="ip" is the reader's address by base/client.py (RATELIMIT_IP_META_KEY).
    return is_ratelimited(request, group=group, key="ip", rate=settings.SEARCH_API_RATE, increment=True)


def api_language(request):
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    return language if language in LANGUAGE_CODES else None


def api_search(request):
    """GET /api/search/?q=&lang= → {"results": [...]} in rank order."""
    if limited(request, "search-api"):
        return too_many_requests()
    language = api_language(request)
    if language is None:
        return JsonResponse(
            {"results": [], "error": f"Unknown language. Use one of: {', '.join(LANGUAGE_CODES)}."}, status=400
        )
    outcome = engine.search(request.GET.get("q", ""), language, limit=20)
    if outcome.query:
        record_search(outcome.query, language, bool(outcome.results))
    data = {
        "query": outcome.query,
        "results": [
            {
                "key": result.key,
                "title": result.page.title,
                "url": request.build_absolute_uri(result.url),
                "locale": result.language,
                "step": result.step or None,
                "snippet": result.snippet_text,
            }
            for result in outcome.results
        ],
    }
    if outcome.corrected_query:
        data["did_you_mean"] = outcome.corrected_query
    if outcome.incomplete:
        data["incomplete"] = True
    if not outcome.query:
        data["message"] = "Give a query in q, for example ?q=health+insurance&lang=en."
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def api_suggest(request):
    """GET /api/search/suggest/?q=&lang= → {"suggestions": [{title, url}]}."""
    if limited(request, "search-suggest"):
        return too_many_requests()
    language = api_language(request) or settings.LANGUAGE_CODE
    return JsonResponse(
        {"suggestions": engine.suggestions(request.GET.get("q", ""), language)},
        json_dumps_params={"ensure_ascii": False},
    )


def result_click(request, page_id):
    """A result link: count the click for the query, then go to the page."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    query = logged_form(clean_query(request.GET.get("q", "")))
    target = request.GET.get("to", "")
    if not (
        target.startswith(page.url or "/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = page.url
    # Over the limit the reader still gets the page; the click is not counted.
    if query and isinstance(page.specific, GuidePage) and not limited(request, "search-click"):
        click, _ = SearchClick.objects.get_or_create(
            day=timezone.localdate(), language=get_language(), query=query, page=page
        )
        SearchClick.objects.filter(pk=click.pk).update(clicks=F("clicks") + 1)
    return HttpResponseRedirect(target)

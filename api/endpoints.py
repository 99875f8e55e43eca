"""The content API's endpoints: Wagtail's API v2 viewsets, narrowed to what
anyone may read (live, public, really translated), answering every request
they cannot use with a 400 that says why, and served through `public`:
rate-limited per client, cached until content changes, open to any site's
scripts (CORS) for GET."""

import functools
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path
from django.utils.cache import patch_cache_control
from django_ratelimit.core import is_ratelimited
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import ChildOfFilter, DescendantOfFilter, OrderingFilter, TranslationOfFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Locale, Site

from guides.models import GlossaryPage, GlossaryTerm, Office, OfficeDirectoryPage
from languages.fallback import readable_pages

from . import cache as api_cache
from .fields import GLOSSARY_FIELDS, OFFICE_FIELDS, PAGE_FIELDS, SNIPPET_META_FIELDS, TranslationsField, absolute
from .filters import LANGUAGE_CODES, FieldValueFilter, LocaleFilter, TopicFilter, TranslationKeyFilter

# Far past any listing of this site (10,000 guides × 9 languages), and
# within what every database takes as an OFFSET.
MAX_OFFSET = 100_000
BROWSER_SECONDS = 60


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's own check says what is wrong with it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        view.listed = list(super().paginate_queryset(queryset, request, view))
        return view.listed


def too_many_requests():
    response = JsonResponse({"message": "Too many requests. Please wait a minute and try again."}, status=429)
    response["Retry-After"] = "60"
    return response


def public(view):
    """Rate limit, cache and CORS around an endpoint. Only successful
    answers are kept; errors are cheap and say something about one request."""

    @functools.wraps(view)
    def serve(request, *args, **kwargs):
        if request.method == "OPTIONS":  # a browser's CORS preflight
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse({"message": "This API is read-only: use GET."}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif is_ratelimited(request, group="content-api", key="ip", rate=settings.CONTENT_API_RATE, increment=True):
            response = too_many_requests()
        else:
            response = cached(view, request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return serve


def cached(view, request, *args, **kwargs):
    key = api_cache.key(request) if api_cache.lifetime() > 0 else None
    stored = cache.get(key) if key else None
    if stored is not None:
        response = HttpResponse(stored, content_type="application/json")
    else:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if key and response.status_code == 200:
            cache.set(key, response.content, api_cache.lifetime())
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response


class PublicEndpoint:
    """What every endpoint shares: anonymous (a signed-in editor sees what
    anyone sees), JSON only, bounded pages, known parameters only."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    pagination_class = BoundedPagination
    filter_fields = []
    common_parameters = frozenset(["limit", "offset", "fields", "order", "rich_text_format", "_"])
    filter_parameters = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = []

    @classmethod
    def query_parameters(cls):
        return cls.common_parameters | cls.filter_parameters | set(cls.filter_fields)

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.query_parameters()
        if unknown:
            raise BadRequestError(
                f"unknown query parameter: {', '.join(sorted(name[:40] for name in unknown))}. "
                f"Use: {', '.join(sorted(self.query_parameters()))}"
            )

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", public(cls.as_view({"get": "listing_view"})), name="listing"),
            path("<int:pk>/", public(cls.as_view({"get": "detail_view"})), name="detail"),
            path("find/", public(cls.as_view({"get": "find_view"})), name="find"),
        ]

    def find_by_id(self, queryset, request):
        if "id" not in request.GET:
            return None
        try:
            return queryset.filter(pk=int(request.GET["id"])).first()
        except ValueError:
            raise BadRequestError("id must be a whole number") from None

    @functools.cached_property
    def _page_addresses(self):
        """Each language's directory and glossary page: where an office or a
        term is shown to readers."""
        addresses = defaultdict(dict)
        for page in readable_pages().type(OfficeDirectoryPage, GlossaryPage).specific():
            addresses[type(page)][page.locale_id] = absolute(page.url)
        return addresses

    def office_url(self, office):
        directory = self._page_addresses[OfficeDirectoryPage].get(office.locale_id)
        return f"{directory}#{office.anchor}" if directory else None

    def html_url(self, obj):
        if isinstance(obj, Office):
            return self.office_url(obj)
        glossary = self._page_addresses[GlossaryPage].get(obj.locale_id)
        return f"{glossary}#{obj.anchor}" if glossary else None


class PagesEndpoint(PublicEndpoint, PagesAPIViewSet):
    """Live, public pages in every language. An untranslated stand-in (an
    alias repeating its source's text) is left out: a page listed under
    ?locale=fa is written in Farsi; `translations` links the others."""

    filter_backends = [
        ChildOfFilter,
        DescendantOfFilter,
        TranslationOfFilter,
        LocaleFilter,
        TranslationKeyFilter,
        TopicFilter,
        FieldValueFilter,
        OrderingFilter,
    ]
    filter_fields = ["slug"]
    filter_parameters = frozenset(
        ["type", "child_of", "descendant_of", "translation_of", "translation_key", "locale", "topic"]
    )
    find_query_parameters = frozenset(["id", "html_path"])
    meta_fields = [
        "type",
        "detail_url",
        "html_url",
        "slug",
        "locale",
        "first_published_at",
        "last_published_at",
        "parent",
        "translation_key",
        APIField("translations", serializer=TranslationsField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "slug", "locale", "first_published_at", "title"]

    @classmethod
    def get_body_fields(cls, model):
        fields = next((PAGE_FIELDS[kind] for kind in model.__mro__ if kind in PAGE_FIELDS), [])
        return cls._convert_api_fields(cls.body_fields + fields)

    def get_base_queryset(self):
        return readable_pages()

    def translations_of(self, page):
        """Other languages' pages with the same translation key, found for a
        whole listing in one query."""
        if not hasattr(self, "_translations"):
            keys = {listed.translation_key for listed in self.listed} | {page.translation_key}
            self._translations = defaultdict(list)
            for other in readable_pages().filter(translation_key__in=keys).select_related("locale"):
                self._translations[other.translation_key].append(other)
        order = {code: index for index, code in enumerate(LANGUAGE_CODES)}
        others = [other for other in self._translations[page.translation_key] if other.pk != page.pk]
        return sorted(others, key=lambda other: order.get(other.locale.language_code, len(order)))

    def related_guides(self, guide):
        """Related guides in the guide's language where translated, else as chosen."""
        chosen = [block.value for block in guide.related_guides if block.value]
        found = readable_pages().filter(translation_key__in={page.translation_key for page in chosen})
        by_key = defaultdict(dict)
        for page in found:
            by_key[page.translation_key][page.locale_id] = page
        related = []
        for page in chosen:
            versions = by_key[page.translation_key]
            version = versions.get(guide.locale_id) or versions.get(page.locale_id)
            if version is not None:
                related.append(version)
        return related

    def find_object(self, queryset, request):
        """?html_path=/ru/health/emergency-care/: the page at a reader's
        address, in the language its first part names."""
        parts = [part for part in request.GET.get("html_path", "").split("/") if part]
        site = Site.find_for_request(request)
        if parts and parts[0] in LANGUAGE_CODES and site is not None:
            locale = Locale.objects.filter(language_code=parts[0]).first()
            root = site.root_page.get_translation_or_none(locale) if locale else None
            if root is None:
                return None
            try:
                page, _args, _kwargs = root.specific.route(request, parts[1:])
            except Http404:
                return None
            return page if queryset.filter(pk=page.pk).exists() else None
        return self.find_by_id(queryset, request)


class SnippetEndpoint(PublicEndpoint, BaseAPIViewSet):
    """Published directory entries and glossary terms (a draft, or an edit
    in review, is not the row: readers see the live version)."""

    filter_backends = [LocaleFilter, TranslationKeyFilter, FieldValueFilter, OrderingFilter]
    filter_parameters = frozenset(["locale", "translation_key"])
    meta_fields = SNIPPET_META_FIELDS
    fields = []

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + cls.fields)

    def get_queryset(self):
        return self.model.objects.filter(live=True).order_by("id")

    def find_object(self, queryset, request):
        return self.find_by_id(queryset, request)


class OfficesEndpoint(SnippetEndpoint):
    model = Office
    name = "offices"
    fields = OFFICE_FIELDS
    meta_fields = [*SNIPPET_META_FIELDS, "slug"]
    filter_fields = ["kind", "city", "slug"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "locale",
        "slug",
        "name",
        "kind",
        "address",
        "city",
    ]


class GlossaryEndpoint(SnippetEndpoint):
    model = GlossaryTerm
    name = "glossary"
    fields = GLOSSARY_FIELDS
    filter_fields = ["abbreviation"]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "locale", *GLOSSARY_FIELDS]

"""Query filters of the content API. Each refuses a value it cannot use
with a 400 and a message saying what it takes, never a 404 or a 500."""

import uuid

from django.conf import settings
from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from guides.models import TopicPage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LocaleFilter(BaseFilterBackend):
    """?locale=fa: what is written in that language."""

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("locale")
        if code is None:
            return queryset
        if code not in LANGUAGE_CODES:
            raise BadRequestError(f"unknown locale '{code[:20]}'. Use one of: {', '.join(LANGUAGE_CODES)}")
        return queryset.filter(locale__language_code=code)


class TranslationKeyFilter(BaseFilterBackend):
    """?translation_key=…: one page or entry in every language it has."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("translation_key")
        if value is None:
            return queryset
        try:
            key = uuid.UUID(value)
        except ValueError:
            raise BadRequestError("translation_key must be a UUID, as given in meta.translation_key") from None
        return queryset.filter(translation_key=key)


class TopicFilter(BaseFilterBackend):
    """?topic=health: the guides of a topic, by its key (the topic's slug,
    the same in every language)."""

    def filter_queryset(self, request, queryset, view):
        slug = request.GET.get("topic")
        if slug is None:
            return queryset
        topics = list(TopicPage.objects.live().public().filter(slug=slug).values_list("path", "depth"))
        if not topics:
            known = sorted(set(TopicPage.objects.live().public().values_list("slug", flat=True)))
            raise BadRequestError(f"unknown topic '{slug[:40]}'. Use one of: {', '.join(known)}")
        children = Q()
        for path, depth in topics:
            children |= Q(path__startswith=path, depth=depth + 1)
        return queryset.filter(children)


class FieldValueFilter(BaseFilterBackend):
    """?kind=police&city=Beograd: exact values of the fields an endpoint
    names in `filter_fields`."""

    def filter_queryset(self, request, queryset, view):
        for name in view.filter_fields:
            value = request.GET.get(name)
            if value is None:
                continue
            if "\x00" in value:
                raise BadRequestError(f"{name} cannot contain a null character")
            queryset = queryset.filter(**{name: value})
        return queryset

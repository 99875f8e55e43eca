"""The office directory, the glossary and the publications sources cite, in
the admin's Snippets. Wagtail
adds the language column's filter itself (both are translatable), so only
what is not a language is listed in list_filter."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import LiveStatusTagColumn, LocaleColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm, Office, Publication


class OfficeFilterSet(WagtailFilterSet):
    city = django_filters.ChoiceFilter(label=_("City"), choices=lambda: office_cities(), empty_label=_("All"))

    class Meta:
        model = Office
        fields = ["kind", "city", "appointment", "live"]


def office_cities():
    cities = Office.objects.exclude(city="").values_list("city", flat=True).distinct().order_by("city")
    return [(city, city) for city in cities]


class OfficeViewSet(SnippetViewSet):
    model = Office
    list_display = [
        "name",
        "kind",
        "city",
        "phone",
        "appointment",
        LocaleColumn(),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = OfficeFilterSet
    # Searched through the search backend (Office is indexed, with autocomplete on
    # the name), so a word still being typed finds it, as in the chooser.


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["abbreviation", "full_name", LocaleColumn(), LiveStatusTagColumn(), UpdatedAtColumn()]
    list_filter = ["live"]
    # Not in the search index (a few dozen rows): the database searches these.
    search_fields = ["abbreviation", "full_name", "explanation"]
    search_backend_name = None


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "doc-full"
    list_display = ["title", "publisher", "published", "covers_from", "language", UpdatedAtColumn()]
    list_filter = ["language"]
    search_fields = ["title", "publisher"]
    search_backend_name = None

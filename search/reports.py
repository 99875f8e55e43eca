"""Admin reports on what readers search for: the most frequent queries, the
ones that found nothing, and the results people opened; per language and
period, with Wagtail's CSV/XLSX export."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from base.reports import AggregatedReportView

from .models import SearchClick, SearchQueryStat


class SearchFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"))

    class Meta:
        model = SearchQueryStat
        fields = ["day", "language"]


class QueriesFilterSet(SearchFilterSet):
    nothing_found = django_filters.BooleanFilter(
        label=_("Only searches that found nothing"),
        method="filter_nothing_found",
        widget=django_filters.widgets.BooleanWidget,
    )

    def filter_nothing_found(self, queryset, name, value):
        return queryset.filter(without_results__gt=0) if value else queryset


class ClicksFilterSet(SearchFilterSet):
    class Meta:
        model = SearchClick
        fields = ["day", "language"]


class SearchQueriesReport(AggregatedReportView):
    page_title = _("Search queries")
    header_icon = "search"
    model = SearchQueryStat
    filterset_class = QueriesFilterSet
    index_url_name = "search_queries_report"
    index_results_url_name = "search_queries_report_results"
    group_by = ("query", "language")
    sums = ("searches", "without_results")
    order = ("-searches", "query")
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("searches", label=_("Searches")),
        Column("without_results", label=_("Found nothing")),
    ]
    list_export = ["query", "language", "searches", "without_results"]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "searches": _("Searches"),
        "without_results": _("Found nothing"),
    }

    def get_queryset(self):
        return SearchQueryStat.objects.all()


class SearchClicksReport(AggregatedReportView):
    page_title = _("Search results opened")
    header_icon = "link"
    model = SearchClick
    filterset_class = ClicksFilterSet
    index_url_name = "search_clicks_report"
    index_results_url_name = "search_clicks_report_results"
    group_by = ("query", "language", "page__title", "page__url_path")
    sums = ("clicks",)
    order = ("-clicks", "query")
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("page__title", label=_("Opened")),
        Column("clicks", label=_("Times")),
    ]
    list_export = ["query", "language", "page__title", "clicks"]
    export_headings = {"query": _("Query"), "language": _("Language"), "page__title": _("Opened"), "clicks": _("Times")}

    def get_queryset(self):
        return SearchClick.objects.all()

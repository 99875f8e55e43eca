from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .models import Synonym
from .reports import SearchClicksReport, SearchQueriesReport

register_snippet(Synonym)


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        path("reports/search-queries/", SearchQueriesReport.as_view(), name="search_queries_report"),
        path(
            "reports/search-queries/results/",
            SearchQueriesReport.as_view(results_only=True),
            name="search_queries_report_results",
        ),
        path("reports/search-clicks/", SearchClicksReport.as_view(), name="search_clicks_report"),
        path(
            "reports/search-clicks/results/",
            SearchClicksReport.as_view(results_only=True),
            name="search_clicks_report_results",
        ),
    ]


@hooks.register("construct_reports_menu")
def without_wagtails_search_terms(request, menu_items):
    """Wagtail's own "Search terms" report lists searches recorded with its
    Query.add_hit(), which the portal does not call (it keeps its own counts,
    below), so it is always empty; in Russian it also bears our report's name."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("register_reports_menu_item")
def search_queries_menu_item():
    return MenuItem(_("Search queries"), reverse("search_queries_report"), icon_name="search", order=800)


@hooks.register("register_reports_menu_item")
def search_clicks_menu_item():
    return MenuItem(_("Search results opened"), reverse("search_clicks_report"), icon_name="link", order=801)

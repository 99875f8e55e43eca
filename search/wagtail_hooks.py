from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from base.reports import report_urls

from .reports import SearchClicksReport, SearchQueriesReport
from .viewsets import SynonymViewSet

register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        *report_urls("search-queries", SearchQueriesReport, "search_queries_report"),
        *report_urls("search-clicks", SearchClicksReport, "search_clicks_report"),
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

"""Admin report views shared by the apps' reports."""

from types import SimpleNamespace

from django.db.models import Sum
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

# What makes a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """A cell that a spreadsheet would run as a formula (a reader's comment
    or query such as =HYPERLINK(...)), kept as text by a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class SafeExportMixin(SpreadsheetExportMixin):
    """The project's CSV exports (every report below and the feedback
    listing; tests/test_exports.py checks none is left out) write through
    here. Wagtail leaves this to the spreadsheet reading the file
    (wagtail/wagtail#7554); its XLSX export already stores formula-like
    cells as text."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: as_text(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class EditorsReportView(SafeExportMixin, ReportView):
    """Anyone who may edit pages may read it."""

    any_permission_required = ["add", "change", "publish"]

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)


class AggregatedReportView(EditorsReportView):
    """Rows summed over the chosen filters, one per group (e.g. per query
    and language)."""

    group_by = ()
    sums = ()
    order = ()

    def get_filtered_queryset(self):
        queryset = self.filter_queryset(self.get_queryset())
        rows = queryset.values(*self.group_by).annotate(**{name: Sum(name) for name in self.sums}).order_by(*self.order)
        return [SimpleNamespace(**row) for row in rows]


def report_urls(slug, view, name):
    """A report's page and the results-only view its filters reload."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=name),
        path(f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]

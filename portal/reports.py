"""Admin report views shared by the apps' reports."""

from types import SimpleNamespace

from django.db.models import Sum
from django.utils.functional import cached_property
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry


class EditorsReportView(ReportView):
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



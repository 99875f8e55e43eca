"""What readers said about each guide: yes/no counts and comments per guide
and language, for editors deciding what to rewrite first."""

from types import SimpleNamespace

import django_filters
from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from base.reports import EditorsReportView

from .models import Feedback


class FeedbackSummaryFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(
        label=_("Language"), field_name="locale__language_code", choices=settings.LANGUAGES, empty_label=_("All")
    )

    class Meta:
        model = Feedback
        fields = ["locale"]


class FeedbackSummaryReport(EditorsReportView):
    page_title = _("Reader feedback by guide")
    header_icon = "comment"
    model = Feedback
    filterset_class = FeedbackSummaryFilterSet
    index_url_name = "feedback_summary_report"
    index_results_url_name = "feedback_summary_report_results"
    columns = [
        TitleColumn("page__title", label=_("Guide"), url_name="wagtailadmin_pages:edit", id_accessor="page_id"),
        Column("locale__language_code", label=_("Language")),
        Column("yes", label=_("Helped")),
        Column("no", label=_("Did not help")),
        Column("comments", label=_("Comments")),
    ]
    list_export = ["page__title", "locale__language_code", "yes", "no", "comments"]
    export_headings = {
        "page__title": _("Guide"),
        "locale__language_code": _("Language"),
        "yes": _("Helped"),
        "no": _("Did not help"),
        "comments": _("Comments"),
    }

    def get_queryset(self):
        return Feedback.objects.all()

    def get_filtered_queryset(self):
        rows = (
            self.filter_queryset(self.get_queryset())
            .values("page_id", "page__title", "locale__language_code")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)),
                no=Count("pk", filter=Q(helpful=False)),
                comments=Count("pk", filter=~Q(comment="") & ~Q(status=Feedback.Status.HIDDEN)),
            )
            .order_by("-no", "page__title")
        )
        return [SimpleNamespace(**row) for row in rows]

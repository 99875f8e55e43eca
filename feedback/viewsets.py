"""Reader feedback in the admin: newest first, filterable, exportable;
editors mark comments handled or hide them."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from base.reports import SafeExportMixin

from .models import Feedback


class FeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Guide"), queryset=Page.objects.filter(feedback__isnull=False).distinct().order_by("title")
    )

    class Meta:
        model = Feedback
        fields = ["status", "helpful", "locale", "page"]


def yes_or_no(helpful):
    return Feedback(helpful=helpful).get_helpful_display()


class FeedbackIndexView(SafeExportMixin, IndexView):
    # The spreadsheet too says Yes or No in the editor's language.
    custom_field_preprocess = {"helpful": {IndexView.FORMAT_CSV: yes_or_no, IndexView.FORMAT_XLSX: yes_or_no}}


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    index_view_class = FeedbackIndexView
    icon = "comment"
    menu_label = _("Reader feedback")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["page", "locale", "helpful", "comment", "status", "created_at", "updated_at"]
    filterset_class = FeedbackFilterSet
    list_display = ["page", "locale", "helpful", "comment", "status", "created_at"]
    list_export = ["page", "locale", "helpful", "comment", "status", "created_at"]
    form_fields = ["status"]
    ordering = ["-created_at"]
    name = "feedback"

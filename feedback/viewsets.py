"""Reader feedback in the admin: newest first, filterable, exportable;
editors mark comments handled or hide them."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from .models import Feedback


class FeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Guide"), queryset=Page.objects.filter(feedback__isnull=False).distinct().order_by("title")
    )

    class Meta:
        model = Feedback
        fields = ["status", "helpful", "locale", "page"]


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "comment"
    menu_label = _("Reader feedback")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = FeedbackFilterSet
    list_display = ["page", "locale", "helpful", "comment", "status", "created_at"]
    list_export = ["page", "locale", "helpful", "comment", "status", "created_at"]
    export_headings = {"page": _("Guide"), "locale": _("Language")}
    form_fields = ["status"]
    ordering = ["-created_at"]
    name = "feedback"

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from base.reports import report_urls

from .models import Feedback
from .permissions import FeedbackPermissionPolicy
from .reports import FeedbackSummaryReport
from .viewsets import FeedbackViewSet

register_permission_policy(Feedback, FeedbackPermissionPolicy(Feedback))


@hooks.register("register_admin_viewset")
def feedback_viewset():
    return FeedbackViewSet()


@hooks.register("register_admin_urls")
def feedback_report_urls():
    return report_urls("feedback", FeedbackSummaryReport, "feedback_summary_report")


@hooks.register("register_reports_menu_item")
def feedback_report_menu_item():
    # After editorial's two reports (700, 701), before search's (800).
    return MenuItem(_("Reader feedback by guide"), reverse("feedback_summary_report"), icon_name="comment", order=702)

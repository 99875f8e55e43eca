"""A guide's reader feedback on its own edit page."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models import Feedback


class FeedbackSummaryPanel(Panel):
    """Yes/no counts and the latest comments, on the guide's edit page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "feedback/summary_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            feedback = Feedback.objects.filter(page_id=self.instance.pk)
            context["counts"] = feedback.aggregate(
                yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
            )
            context["comments"] = feedback.exclude(comment="").exclude(status=Feedback.Status.HIDDEN)[:5]
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Reader feedback"))
        super().__init__(*args, **kwargs)

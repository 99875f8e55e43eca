"""The dashboard's "Guides due for review"."""

from wagtail.admin.ui.components import Component

from .review import due_for_review
from .roles import REVIEWERS


class GuidesDueForReviewPanel(Component):
    name = "guides_due_for_review"
    order = 90
    template_name = "editorial/guides_due_panel.html"

    def get_context_data(self, parent_context):
        guides = due_for_review()
        return {
            "guides": guides[:25],
            "more": max(0, len(guides) - 25),
            "reviewers": REVIEWERS,
            "request": parent_context.get("request"),
        }

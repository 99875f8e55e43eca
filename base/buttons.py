from django.middleware.csrf import get_token
from wagtail.admin.widgets import Button


class PostButton(Button):
    """A header or listing button for an action that changes something, so
    a form that posts, with the CSRF token: components render their template
    with a plain context (no context processors), and the "more" dropdowns
    pass on only the request."""

    template_name = "base/post_button.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["csrf_token"] = get_token(context["request"])
        return context

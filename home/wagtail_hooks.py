from django.conf import settings
from django.template.loader import get_template
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import InformationPage


class ToFillPanel(Component):
    """The dashboard's "To fill in before launch": pages about Putokaz that
    still hold a placeholder only an administrator can replace (who runs
    the portal, its address). Gone once every note is emptied."""

    name = "to_fill"
    order = 80
    template_name = "home/to_fill_panel.html"

    def get_context_data(self, parent_context):
        pages = InformationPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).exclude(to_fill="")
        return {"pages": pages.order_by("path"), "request": parent_context.get("request")}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        return get_template(self.template_name).render(context) if context["pages"] else ""


@hooks.register("construct_homepage_panels")
def to_fill_panel(request, panels):
    panels.insert(0, ToFillPanel())

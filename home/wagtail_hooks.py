from django.conf import settings
from django.template.loader import get_template
from wagtail import hooks
from wagtail.admin.ui.components import Component

from guides.models import Publication

from .models import InformationPage


class ToFillPanel(Component):
    """The dashboard's "To fill in before launch": pages about Putokaz that
    still hold a placeholder only an administrator can replace (who runs
    the portal, its address), and publications whose publisher, date or link
    readers are not yet shown. Gone once nothing is missing."""

    name = "to_fill"
    order = 80
    template_name = "home/to_fill_panel.html"

    def get_context_data(self, parent_context):
        pages = InformationPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).exclude(to_fill="")
        publications = [publication for publication in Publication.objects.all() if publication.missing]
        return {"pages": pages.order_by("path"), "publications": publications, "request": parent_context.get("request")}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        if not (context["pages"] or context["publications"]):
            return ""
        return get_template(self.template_name).render(context)


@hooks.register("construct_homepage_panels")
def to_fill_panel(request, panels):
    panels.insert(0, ToFillPanel())

from django import template
from wagtail.models import Site

register = template.Library()


def reader_home(context):
    """The home page in the reader's language (its translation or stand-in),
    or None outside a site (a test rendering a template alone)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.localized if site else None


def pages_about_putokaz(context):
    """The pages about Putokaz in the reader's language, fetched once per
    request: the footer lists them, and a guide links "About"."""
    from home.models import InformationPage

    request = context.get("request")
    if not hasattr(request, "pages_about_putokaz"):
        home = reader_home(context)
        pages = list(InformationPage.objects.child_of(home).live().public().order_by("path")) if home else []
        if request is None:
            return pages
        request.pages_about_putokaz = pages
    return request.pages_about_putokaz


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The sections editors put in the menu ("Show in menus"), each with
    its aria-current state: "page" for the one the reader is on, "true"
    for the one they are in. The header shows them twice (a menu to open
    on phones, a row on wider screens) from this one query."""
    home = reader_home(context)
    if home is None:
        return []
    current = context.get("page")
    current_path = current.path if current else ""
    sections = []
    for section in home.get_children().live().in_menu():
        if section.path == current_path:
            state = "page"
        elif current_path.startswith(section.path):
            state = "true"
        else:
            state = ""
        sections.append((section, state))
    return sections


@register.inclusion_tag("includes/footer_nav.html", takes_context=True)
def footer_nav(context):
    """The pages about Putokaz (about, contact, privacy, accessibility) in
    the reader's language."""
    return {"pages": pages_about_putokaz(context)}


@register.simple_tag(takes_context=True)
def about_page(context):
    """ "About Putokaz" in the reader's language: who runs the portal, for
    the guides that name no other organisation as responsible."""
    return next((page for page in pages_about_putokaz(context) if page.slug == "about"), None)

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The sections editors put in the menu ("Show in menus"), each with
    its aria-current state: "page" for the one the reader is on, "true"
    for the one they are in. The header shows them twice (a menu to open
    on phones, a row on wider screens) from this one query."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    current_path = current.path if current else ""
    sections = []
    # The home page in the reader's language (its translation or stand-in).
    home = site.root_page.localized
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
    from home.models import InformationPage

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"pages": []}
    home = site.root_page.localized
    return {"pages": InformationPage.objects.child_of(home).live().public().order_by("path")}


@register.simple_tag(takes_context=True)
def about_page(context):
    """ "About Putokaz" in the reader's language: who runs the portal, for
    the guides that name no other organisation as responsible."""
    from home.models import InformationPage

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return InformationPage.objects.child_of(site.root_page.localized).live().filter(slug="about").first()

from django import template
from wagtail.models import Site

from base import versions
from home.navigation import navigation
from languages.links import Link

register = template.Library()


def pages_about_putokaz(context):
    """The pages about Putokaz in the reader's language: the footer lists
    them, and a guide links "About"."""
    request = context.get("request")
    return navigation(request)["about"] if request else []


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The sections editors put in the menu ("Show in menus"), each with
    its aria-current state: "page" for the one the reader is on, "true"
    for the one they are in. The header shows them twice (a menu to open
    on phones, a row on wider screens) from this one query."""
    request = context.get("request")
    if request is None:
        return []
    current = context.get("page")
    current_path = current.path if current else ""
    sections = []
    for section in navigation(request)["sections"]:
        if section.path == current_path:
            state = "page"
        elif current_path.startswith(section.path):
            state = "true"
        else:
            state = ""
        sections.append((section, state))
    return sections


@register.simple_tag(takes_context=True)
def topics(context):
    """Every topic in the reader's language (the search page lists them)."""
    request = context.get("request")
    return navigation(request)["topics"] if request else []


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


@register.simple_tag(takes_context=True)
def ancestors(context, page):
    """The pages above `page`, its language's home first, as links (the
    breadcrumbs): kept per worker until a page changes (base.versions.PAGES)."""
    request = context.get("request")

    def build():
        return [Link.to(ancestor, request) for ancestor in page.get_ancestors()[1:]]

    if request is None or not page.pk:  # a preview of a page not yet saved
        return build()
    site = Site.find_for_request(request)
    return versions.kept(
        versions.PAGES, f"ancestors:{site.pk if site else None}:{page.pk}", build, versions.PAGES_SECONDS
    )

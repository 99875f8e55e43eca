from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from base import versions
from languages.fallback import text_language

register = template.Library()

# A bound on how long a menu can outlive a change no signal reports (an
# edit straight in the database).
NAVIGATION_SECONDS = 3600


@dataclass(frozen=True)
class Link:
    """A page as menus and footers show it."""

    title: str
    url: str
    path: str  # its place in the tree, for aria-current
    slug: str
    language: str  # the language its title is in (a stand-in's is its source's)

    @classmethod
    def to(cls, page, request):
        return cls(page.title, page.get_url(request), page.path, page.slug, text_language(page))


def navigation(request):
    """The sections of the home page in the reader's language (its
    translation or stand-in) shown in the menu, and the pages about
    Putokaz: the same on every page of a language, so built once per
    language and kept until one of them changes (base.versions)."""
    from home.models import InformationPage

    if not hasattr(request, "navigation"):
        site = Site.find_for_request(request)

        def build():
            home = site.root_page.localized if site else None
            if home is None:
                return {"sections": [], "about": []}
            sections = home.get_children().live().in_menu().select_related("alias_of")
            about = InformationPage.objects.child_of(home).live().public().order_by("path").select_related("alias_of")
            return {
                "sections": [Link.to(page, request) for page in sections],
                "about": [Link.to(page, request) for page in about],
            }

        key = f"navigation-links:{site.pk if site else '-'}:{get_language()}"
        request.navigation = versions.kept(versions.NAVIGATION, key, build, NAVIGATION_SECONDS)
    return request.navigation


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

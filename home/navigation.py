"""What every page of a language links to: the menu's sections, the pages
about Putokaz and the topics, as plain links kept per language."""

from django.utils.translation import get_language
from wagtail.models import Site

from base import versions
from languages.links import Link

# A bound on how long a menu can outlive a change no signal reports (an
# edit straight in the database).
NAVIGATION_SECONDS = 3600


def navigation(request):
    """The sections of the home page in the reader's language (its
    translation or stand-in) shown in the menu, the pages about Putokaz and
    the topics (which search lists): the same on every page of a language,
    so built once per language and kept until one of them changes
    (base.versions: they are all near the top of the tree)."""
    from guides.models import TopicPage
    from home.models import InformationPage

    if not hasattr(request, "navigation"):
        site = Site.find_for_request(request)

        def build():
            home = site.root_page.localized if site else None
            if home is None:
                return {"sections": [], "about": [], "topics": []}
            sections = home.get_children().live().in_menu().select_related("alias_of")
            about = InformationPage.objects.child_of(home).live().public().order_by("path").select_related("alias_of")
            topics = (
                TopicPage.objects.live().filter(locale_id=home.locale_id).order_by("path").select_related("alias_of")
            )
            return {
                "sections": [Link.to(page, request) for page in sections],
                "about": [Link.to(page, request) for page in about],
                "topics": [Link.to(page, request) for page in topics],
            }

        key = f"navigation-links:{site.pk if site else '-'}:{get_language()}"
        request.navigation = versions.kept(versions.NAVIGATION, key, build, NAVIGATION_SECONDS)
    return request.navigation

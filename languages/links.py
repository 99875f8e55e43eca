"""A page as a link shows it: menus, footers, a guide's topic and related
guides. Plain values, so that what links to many pages can be kept per
worker (base.versions) instead of read on every page."""

from dataclasses import dataclass

from .fallback import text_language


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    path: str  # its place in the tree, for aria-current
    slug: str
    language: str  # the language its title is in (a stand-in's is its source's)

    @classmethod
    def to(cls, page, request):
        return cls(page.title, page.get_url(request), page.path, page.slug, text_language(page))

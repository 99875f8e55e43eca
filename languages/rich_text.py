"""Links to pages in rich text, resolved to the reader's language."""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from .fallback import localized


class LocalizedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, localising the linked pages in one query
    rather than one per link."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = localized(cls.get_many(attrs_list))
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]

"""sitemap.xml: every live, public page in every language, each with its
real translations as `xhtml:link` alternates (an untranslated stand-in
repeats its source: it is neither listed nor an alternate). Addresses are
absolute, from the Site record that `ensure_languages` keeps at
PUBLIC_URL."""

from collections import defaultdict

from django.contrib.sitemaps import Sitemap

from languages.fallback import readable_pages
from languages.templatetags.languages import bcp47


class PortalSitemap(Sitemap):
    # Far below the protocol's 50,000: one file stays small to build and fetch.
    limit = 5000

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return readable_pages().order_by("path")

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list.select_related("locale"))
        translations = defaultdict(list)
        for other in (
            readable_pages().filter(translation_key__in={p.translation_key for p in pages}).select_related("locale")
        ):
            translations[other.translation_key].append(other)
        urls = []
        for item in pages:
            others = translations[item.translation_key]
            urls.append(
                {
                    "item": item,
                    "location": item.get_full_url(self.request),
                    "lastmod": item.last_published_at,
                    "alternates": [
                        {"lang_code": bcp47(other.locale.language_code), "location": other.get_full_url(self.request)}
                        for other in others
                    ]
                    if len(others) > 1
                    else [],
                }
            )
        return urls

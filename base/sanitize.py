"""Rich text as readers get it: only the markup the editor's toolbar can
make. Wagtail trusts the HTML in its database; text that reached it by
another road (an import, a translation file, a script) must not run."""

import nh3

TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "abbr"}
ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html):
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)

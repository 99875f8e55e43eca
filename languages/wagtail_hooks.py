from wagtail import hooks

from .rich_text import LocalizedPageLinkHandler


# After Wagtail's own registration (order 0), so that this one is used.
@hooks.register("register_rich_text_features", order=10)
def localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)

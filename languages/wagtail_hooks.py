from django.urls import path
from wagtail import hooks

from .rich_text import LocalizedPageLinkHandler
from .views import UpdateTranslationsView


# After Wagtail's own registration (order 0), so that this one is used.
@hooks.register("register_rich_text_features", order=10)
def localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)


@hooks.register("register_admin_urls")
def guarded_translation_sync():
    """Matched before wagtail-localize's own view at the same address
    (this app comes first in INSTALLED_APPS)."""
    return [
        path("localize/update/<int:translation_source_id>/", UpdateTranslationsView.as_view(), name="update_translations_guarded"),
    ]

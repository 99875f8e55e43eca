from django.conf import settings
from django.db.models import Case, When
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.snippets.views.snippets import ModelIndexView
from wagtail.utils.version import get_main_version

from .review import may_submit_for_review
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
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="update_translations_guarded",
        ),
    ]


@hooks.register("construct_translated_pages_to_cascade_actions")
def delete_stand_ins_with_their_source(pages, action):
    """Deleting a page deletes its stand-ins in the other languages (aliases
    that only show it), as Wagtail's delete view offers: left behind, they
    keep the slug, so the next page of that name gets "-1" addresses in six
    languages. Real translations stay (translators' own work, readers'
    page in their language), and so does a stand-in holding one."""
    if action != "delete":
        return None
    return {
        page: [
            alias
            for alias in Page.objects.filter(alias_of=page)
            if not alias.get_descendants().filter(alias_of__isnull=True).exists()
        ]
        for page in pages
    }


@hooks.register("construct_explorer_page_queryset")
def home_pages_in_language_order(parent_page, pages, request):
    """At the root, the languages' home pages in the order of settings.LANGUAGES,
    the source (English) first, unless the editor sorts the listing."""
    if not parent_page.is_root() or request.GET.get("ordering"):
        return pages
    codes = [code for code, _name in settings.LANGUAGES]
    positions = [When(locale__language_code=code, then=position) for position, code in enumerate(codes)]
    return pages.order_by(Case(*positions, default=len(positions)), "path")


class SnippetTypesView(ModelIndexView):
    """Snippets → each type with how many there are: a translatable snippet
    (an office, a glossary term) counts once, as its source-language item,
    not once per language copy (21 offices, not 147)."""

    def _get_snippet_types(self):
        snippet_types = super()._get_snippet_types()
        for snippet_type in snippet_types:
            model = snippet_type["model"]
            if issubclass(model, TranslatableMixin):
                snippet_type["count"] = model._default_manager.filter(locale=Locale.get_default()).count()
        return snippet_types


@hooks.register("register_admin_urls")
def snippet_types_counted_once():
    """Matched before Wagtail's own Snippets page at the same address."""
    return [path("snippets/", SnippetTypesView.as_view(), name="snippet_types")]


def translate_when_shown(item, message, **values):
    """Wagtail builds each menu once per process, and the labels of
    wagtail-localize's "Translations" and Wagtail's "What's new" items are
    translated when built, so every editor got them in the language of the
    first admin request after a restart. A lazy label is translated for each
    request. (wagtail-localize 1.14, Wagtail 8.0: delete this when their labels
    are lazy.)"""
    item.label = lazy(lambda: gettext(message) % values, str)()


@hooks.register("construct_reports_menu")
def translations_report_label(request, menu_items):
    # Found by its address: importing wagtail-localize's hooks from here would
    # register them first, and its sync view would win over the guarded one.
    for item in menu_items:
        if item.url == reverse("wagtail_localize:translations_report"):
            translate_when_shown(item, "Translations")


@hooks.register("construct_help_menu")
def whats_new_label(request, menu_items):
    version = get_main_version(include_patch=False)
    for item in menu_items:
        if item.name == f"whats-new-in-wagtail-{version}":
            translate_when_shown(item, "What's new in Wagtail %(version)s", version=version)


@hooks.register("register_admin_urls")
def guarded_translation_publishing():
    """The guarded "Translate" (pages and snippets) and "Convert to alias
    page", matched before wagtail-localize's own views at the same addresses
    like the sync view above: they publish, so they need the right to."""
    from . import views

    return [
        path(
            "localize/submit/page/<int:page_id>/",
            views.SubmitPageTranslationView.as_view(),
            name="submit_page_translation_guarded",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            views.SubmitSnippetTranslationView.as_view(),
            name="submit_snippet_translation_guarded",
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", views.convert_to_alias, name="convert_to_alias_guarded"),
        path(
            "translations/<int:page_id>/submit-for-review/",
            views.SubmitTranslationForReviewView.as_view(),
            name="submit_translation_for_review",
        ),
    ]


def submit_for_review_button(page, user, next_url, priority):
    if may_submit_for_review(page, user):
        url = reverse("submit_translation_for_review", args=[page.pk])
        return Button(
            gettext_lazy("Submit translation for review"),
            f"{url}?{urlencode({'next': next_url})}" if next_url else url,
            icon_name="resubmit",
            priority=priority,
        )
    return None


# The translation editor has no place for it (and, without the right to
# publish, no button that saves at all): the page's "More" menu in the
# listing and in its header, to a confirmation page.
@hooks.register("register_page_listing_more_buttons")
def submit_for_review_listing_button(page, user, next_url=None):
    if button := submit_for_review_button(page, user, next_url, priority=3):
        yield button


@hooks.register("register_page_header_buttons")
def submit_for_review_header_button(page, user, view_name, next_url=None):
    if button := submit_for_review_button(page, user, next_url, priority=5):
        yield button

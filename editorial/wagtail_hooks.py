from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from base.reports import report_urls
from guides.models import GuidePage

from .panels import GuidesDueForReviewPanel
from .reports import GuideReviewReport, OutdatedTranslationsReport, TranslationStatusReport
from .review import REVIEWED
from .views import guide_reviewed

REPORTS = [
    ("translations", TranslationStatusReport, "translation_status_report", _("Translation status"), "globe"),
    ("guides-review", GuideReviewReport, "guide_review_report", _("Guides by review status"), "time"),
    (
        "outdated-translations",
        OutdatedTranslationsReport,
        "outdated_translations_report",
        _("Outdated translations"),
        "globe",
    ),
]


@hooks.register("register_admin_urls")
def editorial_urls():
    urls = [path("guides/<int:page_id>/reviewed/", guide_reviewed, name="guide_reviewed")]
    for slug, view, name, _label, _icon in REPORTS:
        urls += report_urls(slug, view, name)
    return urls


def report_menu_item(label, name, icon, order):
    return lambda: MenuItem(label, reverse(name), icon_name=icon, order=order)


for order, (_slug, _view, _name, _label, _icon) in enumerate(REPORTS, start=700):
    hooks.register("register_reports_menu_item", report_menu_item(_label, _name, _icon, order))


@hooks.register("construct_homepage_panels")
def guides_due_panel(request, panels):
    panels.insert(0, GuidesDueForReviewPanel())


@hooks.register("register_log_actions")
def review_log_action(actions):
    actions.register_action(REVIEWED, _("Reviewed"), _("Facts checked, nothing changed"))


@hooks.register("register_page_header_buttons")
def confirm_still_correct_button(page, user, view_name, next_url=None):
    """To the form that records a review for the languages the reviewer
    checked (those in sync are ticked): one action there."""
    if isinstance(page.specific_deferred, GuidePage) and page.permissions_for_user(user).can_publish():
        url = reverse("guide_reviewed", args=[page.pk])
        yield Button(
            _("Confirm still correct"),
            f"{url}?{urlencode({'next': next_url})}" if next_url else url,
            icon_name="tick",
            priority=5,
        )

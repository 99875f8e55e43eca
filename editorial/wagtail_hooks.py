from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import ReferenceIndex

from feedback.viewsets import FeedbackViewSet
from guides.models import GuidePage, Office
from portal.buttons import PostButton

from .panels import GuidesDueForReviewPanel
from .reports import FeedbackSummaryReport, GuideReviewReport, OutdatedTranslationsReport
from .review import REVIEWED
from .views import guide_reviewed

REPORTS = [
    ("guides-review", GuideReviewReport, "guide_review_report", _("Guides by review status"), "time"),
    (
        "outdated-translations",
        OutdatedTranslationsReport,
        "outdated_translations_report",
        _("Outdated translations"),
        "globe",
    ),
    ("feedback", FeedbackSummaryReport, "feedback_summary_report", _("Reader feedback by guide"), "comment"),
]


@hooks.register("register_admin_urls")
def editorial_urls():
    urls = [path("guides/<int:page_id>/reviewed/", guide_reviewed, name="guide_reviewed")]
    for slug, view, name, _label, _icon in REPORTS:
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return urls


def report_menu_item(label, name, icon, order):
    return lambda: MenuItem(label, reverse(name), icon_name=icon, order=order)


for order, (_slug, _view, _name, _label, _icon) in enumerate(REPORTS, start=700):
    hooks.register("register_reports_menu_item", report_menu_item(_label, _name, _icon, order))


@hooks.register("register_admin_viewset")
def feedback_viewset():
    return FeedbackViewSet()


@hooks.register("construct_homepage_panels")
def guides_due_panel(request, panels):
    panels.insert(0, GuidesDueForReviewPanel())


@hooks.register("register_log_actions")
def review_log_action(actions):
    actions.register_action(REVIEWED, _("Reviewed"), _("Facts checked, nothing changed"))


@hooks.register("register_page_header_buttons")
def mark_reviewed_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, GuidePage) and page.permissions_for_user(user).can_publish():
        url = reverse("guide_reviewed", args=[page.pk])
        yield PostButton(
            _("Mark as reviewed (no changes)"),
            f"{url}?{urlencode({'next': next_url})}" if next_url else url,
            icon_name="tick",
            priority=5,
        )


@hooks.register("before_delete_snippet")
def refuse_to_delete_offices_in_use(request, instances):
    """An office that steps or events point at stays: deleting it would leave
    readers without the address. Wagtail shows where it is used."""
    in_use = [
        office
        for office in instances
        if isinstance(office, Office) and ReferenceIndex.get_references_to(office).exists()
    ]
    if in_use:
        names = ", ".join(str(office) for office in in_use)
        messages.error(
            request,
            gettext("%(names)s cannot be deleted: guides or events still point to it. Change them first.")
            % {"names": names},
        )
        return redirect(reverse("wagtailsnippets_guides_office:usage", args=[in_use[0].pk]))
    return None

"""Keeping facts current: which guides are due for a check, and recording
a check that changed nothing."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from guides.models import GuidePage

REVIEWED = "putokaz.reviewed"
DUE_SOON_DAYS = 30


def review_status(guide, today=None):
    today = today or timezone.localdate()
    due = guide.next_review
    if due is None or due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due soon"
    return "current"


STATUS_LABELS = {"overdue": _("Overdue"), "due soon": _("Due soon"), "current": _("Current")}


def guides_to_review():
    """Every guide with its own text (not a stand-in), live or not."""
    return GuidePage.objects.filter(alias_of__isnull=True).select_related("locale").order_by("locale__language_code", "path")


def due_for_review(today=None):
    """Guides whose check is overdue or due within a month, overdue first."""
    today = today or timezone.localdate()
    guides = [guide for guide in guides_to_review().live() if review_status(guide, today) != "current"]
    return sorted(guides, key=lambda guide: (guide.next_review or today.replace(year=1), guide.locale.language_code))


def last_reviewers(guides):
    """page id → the last "reviewed" log entry (who and when)."""
    entries = PageLogEntry.objects.filter(action=REVIEWED, page_id__in=[g.pk for g in guides]).select_related("user")
    latest = {}
    for entry in entries.order_by("timestamp"):
        latest[entry.page_id] = entry
    return latest


def mark_reviewed(guide, user):
    """The reviewer checked the guide and changed nothing: today becomes its
    last review, on the live page and on its latest draft alike, without
    publishing anything unreviewed."""
    today = timezone.localdate()
    GuidePage.objects.filter(pk=guide.pk).update(last_reviewed=today)
    revision = guide.latest_revision
    if revision is not None:
        revision.content["last_reviewed"] = today.isoformat()
        revision.save(update_fields=["content"])
    guide.last_reviewed = today
    log(instance=guide, action=REVIEWED, user=user)
    return guide

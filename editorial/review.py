"""Keeping facts current: which guides are due for a check, and recording
a check that changed nothing."""

import datetime

from django.conf import settings
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
    return (
        GuidePage.objects.filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("locale__language_code", "path")
    )


class GuideUnderReview:
    """A guide in all the languages it has its own text in: its facts are
    checked once, for every language. It is as current as its least current
    version; the source-language version gives the title and link."""

    def __init__(self, versions, today=None):
        order = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}
        self.versions = sorted(versions, key=lambda version: order.get(version.locale.language_code, len(order)))
        versions = self.versions
        self.languages = [version.locale.language_code for version in versions]
        self.lead = next((v for v in versions if v.locale.language_code == settings.LANGUAGE_CODE), versions[0])
        self.oldest = min(versions, key=lambda version: version.next_review or datetime.date.min)
        self.last_reviewed, self.next_review = self.oldest.last_reviewed, self.oldest.next_review
        self.status = review_status(self.oldest, today)


def by_guide(versions, today=None):
    """One GuideUnderReview per guide (its versions share a translation key),
    in the order of each guide's first version."""
    groups = {}
    for version in versions:
        groups.setdefault(version.translation_key, []).append(version)
    return [GuideUnderReview(group, today) for group in groups.values()]


def due_for_review(today=None):
    """Guides whose check is overdue or due within a month, overdue first."""
    today = today or timezone.localdate()
    guides = [guide for guide in by_guide(guides_to_review().live(), today) if guide.status != "current"]
    return sorted(guides, key=lambda guide: guide.next_review or datetime.date.min)


def last_reviewers(guides):
    """page id → the last "reviewed" log entry (who and when)."""
    entries = PageLogEntry.objects.filter(action=REVIEWED, page_id__in=[g.pk for g in guides]).select_related("user")
    latest = {}
    for entry in entries.order_by("timestamp"):
        latest[entry.page_id] = entry
    return latest


def set_last_reviewed(guide, day, only_if_empty=False):
    """The day on every version of the guide (translations and stand-ins
    too: readers see it as "Last checked"), live and in each one's latest
    revision, so the next published draft keeps it; nothing is published."""
    versions = GuidePage.objects.filter(translation_key=guide.translation_key)
    if only_if_empty:
        versions = versions.filter(last_reviewed__isnull=True)
    for version in versions:
        revision = version.latest_revision
        if revision is not None and (not only_if_empty or not revision.content.get("last_reviewed")):
            revision.content["last_reviewed"] = day.isoformat()
            revision.save(update_fields=["content"])
    versions.update(last_reviewed=day)
    if not only_if_empty or guide.last_reviewed is None:
        guide.last_reviewed = day


def mark_reviewed(guide, user):
    """The reviewer checked the guide and changed nothing: today becomes its
    last review, in every language, without publishing anything unreviewed."""
    set_last_reviewed(guide, timezone.localdate())
    log(instance=guide, action=REVIEWED, user=user)
    return guide


def start_review_clock(sender, instance, **kwargs):
    """A guide's first publication counts as its first review: a new guide
    is not overdue the moment it goes live."""
    if isinstance(instance, GuidePage) and instance.last_reviewed is None:
        set_last_reviewed(instance, timezone.localdate(), only_if_empty=True)

"""Keeping facts current: which guides are due for a check, and recording
a check that changed nothing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from guides.models import GuidePage
from languages.machine_translator import CYRILLIC, LATIN
from languages.status import translation_status

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


def set_last_reviewed(guide, day, only_if_empty=False, versions=None):
    """The day on every version of the guide (translations and stand-ins
    too: readers see it as "Last checked"), or on `versions` only, live and
    in each one's latest revision, so the next published draft keeps it;
    nothing is published."""
    if versions is None:
        versions = GuidePage.objects.filter(translation_key=guide.translation_key)
        includes_guide = True
    else:
        chosen = [version.pk for version in versions]
        versions, includes_guide = GuidePage.objects.filter(pk__in=chosen), guide.pk in chosen
    if only_if_empty:
        versions = versions.filter(last_reviewed__isnull=True)
    for version in versions:
        revision = version.latest_revision
        if revision is not None and (not only_if_empty or not revision.content.get("last_reviewed")):
            revision.content["last_reviewed"] = day.isoformat()
            revision.save(update_fields=["content"])
    versions.update(last_reviewed=day)
    if includes_guide and (not only_if_empty or guide.last_reviewed is None):
        guide.last_reviewed = day


@dataclass
class Confirmable:
    """A language of a guide a reviewer may confirm as still correct."""

    version: GuidePage
    in_sync: bool  # its text follows the original (the original: always)
    may_publish: bool

    @property
    def language(self):
        return self.version.locale.language_code


def confirmable(guide, user):
    """Each language the guide has its own text in, in settings order."""
    order = [code for code, _name in settings.LANGUAGES]
    versions = GuidePage.objects.filter(translation_key=guide.translation_key, alias_of__isnull=True)
    found = []
    for version in versions.select_related("locale"):
        status = translation_status(version)
        in_sync = version.live and not (status.outdated or status.missing)
        found.append(Confirmable(version, in_sync, version.permissions_for_user(user).can_publish()))
    # Serbian Latin is made from the Cyrillic: it is as current as that is.
    cyrillic = next((item for item in found if item.language == CYRILLIC), None)
    for item in found:
        if item.language == LATIN and cyrillic is not None:
            item.in_sync = item.in_sync and cyrillic.in_sync
    return sorted(found, key=lambda item: order.index(item.language) if item.language in order else len(order))


class NotAllowed(Exception):
    """The reviewer chose a language they may not publish."""

    def __init__(self, languages):
        super().__init__(languages)
        self.languages = languages


def mark_reviewed(guide, user, languages=None):
    """The reviewer checked the guide and changed nothing: today becomes its
    last review in the chosen languages (by default every language whose text
    is in sync and which the reviewer may publish), each logged with who and
    when, without publishing anything unreviewed. Stand-ins show the
    original's text and follow it. Returns the languages confirmed."""
    choices = {item.language: item for item in confirmable(guide, user)}
    if languages is None:
        languages = [code for code, item in choices.items() if item.in_sync and item.may_publish]
    refused = [code for code in languages if code not in choices or not choices[code].may_publish]
    if refused:
        raise NotAllowed(refused)
    versions = [choices[code].version for code in languages]
    originals = [version.pk for version in versions]
    versions += list(GuidePage.objects.filter(alias_of_id__in=originals))
    set_last_reviewed(guide, timezone.localdate(), versions=versions)
    for code in languages:
        log(instance=choices[code].version, action=REVIEWED, user=user)
    return languages


def start_review_clock(sender, instance, **kwargs):
    """A guide's first publication counts as its first review: a new guide
    is not overdue the moment it goes live."""
    if isinstance(instance, GuidePage) and instance.last_reviewed is None:
        set_last_reviewed(instance, timezone.localdate(), only_if_empty=True)

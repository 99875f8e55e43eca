"""Is the office open now, and when does that change? In Belgrade time,
from the office's weekly hours and its days with other hours (holidays).

The hours are facts, the same in every language: they are read from the
original office, so a translation not yet synced never shows stale hours."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from base import versions

# How far ahead to look for the next opening (an office closed longer says nothing).
LOOK_AHEAD_DAYS = 14


@dataclass
class OpeningState:
    is_open: bool
    until: datetime.datetime | None = None  # open: when it closes
    next_opening: datetime.datetime | None = None  # closed: when it opens

    @property
    def changes_at(self):
        return self.until if self.is_open else self.next_opening


@dataclass(frozen=True)
class Hours:
    """An office's hours as plain values, which a worker can keep."""

    weekly: tuple = ()  # (weekday code, opens, closes)
    exceptions: tuple = ()  # (date, opens or None, closes or None)

    @classmethod
    def of(cls, office):
        return cls(
            tuple(
                (opening.value["weekday"], opening.value["opens"], opening.value["closes"]) for opening in office.hours
            ),
            tuple(
                (exception.value["date"], exception.value.get("opens"), exception.value.get("closes"))
                for exception in office.hours_exceptions
            ),
        )


def originals():
    """translation key → the original office's hours, for every office:
    kept per worker until an office changes (guides.signals)."""
    from .blocks import SNIPPETS, SNIPPETS_SECONDS
    from .models import Office

    def build():
        offices = Office.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        return {
            office.translation_key: Hours.of(office)
            for office in offices.only("translation_key", "hours", "hours_exceptions")
        }

    return versions.kept(SNIPPETS, "office-hours", build, SNIPPETS_SECONDS)


def hours_of(office):
    return originals().get(office.translation_key) or Hours.of(office)


def openings_on(hours, day):
    """[(opens, closes)] on a date: its exception if it has one, else its weekday's hours."""
    for date, opens, closes in hours.exceptions:
        if date == day:
            return [(opens, closes)] if opens and closes else []
    weekday = str(day.weekday())
    return sorted((opens, closes) for code, opens, closes in hours.weekly if code == weekday)


def opening_state(office, now=None):
    """None when the office has no weekly hours (nothing to say)."""
    hours = hours_of(office)
    if not hours.weekly:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    now = (now or timezone.now()).astimezone(zone)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = now.date() + datetime.timedelta(days=offset)
        for opens, closes in openings_on(hours, day):
            start = datetime.datetime.combine(day, opens, tzinfo=zone)
            end = datetime.datetime.combine(day, closes, tzinfo=zone)
            if start <= now < end:
                return OpeningState(True, until=end)
            if now < start:
                return OpeningState(False, next_opening=start)
    return OpeningState(False)


def weekly_hours(office):
    """[(weekday name, [(opens, closes)])], Monday first, days it opens only."""
    from .blocks import WEEKDAYS

    days = {}
    for code, opens, closes in hours_of(office).weekly:
        days.setdefault(code, []).append((opens, closes))
    return [(name, sorted(days[code])) for code, name in WEEKDAYS if code in days]

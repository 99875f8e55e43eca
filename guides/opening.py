"""Is the office open now, and when does that change? In Belgrade time,
from the office's weekly hours and its days with other hours (holidays).

The hours are facts, the same in every language: they are read from the
original office, so a translation not yet synced never shows stale hours."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

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


def originals(request=None):
    """translation key → the original office, for every office: one query
    per request however many offices a page shows (kept on the request)."""
    from .models import Office

    found = getattr(request, "_putokaz_original_offices", None)
    if found is None:
        found = {
            office.translation_key: office
            for office in Office.objects.filter(locale__language_code=settings.LANGUAGE_CODE).only(
                "translation_key", "locale_id", "hours", "hours_exceptions"
            )
        }
        if request is not None:
            request._putokaz_original_offices = found
    return found


def original(office, request=None):
    return originals(request).get(office.translation_key, office)


def openings_on(office, day):
    """[(opens, closes)] on a date: its exception if it has one, else its weekday's hours."""
    for exception in office.hours_exceptions:
        if exception.value["date"] == day:
            opens, closes = exception.value.get("opens"), exception.value.get("closes")
            return [(opens, closes)] if opens and closes else []
    weekday = str(day.weekday())
    return sorted(
        (opening.value["opens"], opening.value["closes"])
        for opening in office.hours
        if opening.value["weekday"] == weekday
    )


def opening_state(office, now=None, request=None):
    """None when the office has no weekly hours (nothing to say)."""
    office = original(office, request)
    if not office.hours:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    now = (now or timezone.now()).astimezone(zone)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = now.date() + datetime.timedelta(days=offset)
        for opens, closes in openings_on(office, day):
            start = datetime.datetime.combine(day, opens, tzinfo=zone)
            end = datetime.datetime.combine(day, closes, tzinfo=zone)
            if start <= now < end:
                return OpeningState(True, until=end)
            if now < start:
                return OpeningState(False, next_opening=start)
    return OpeningState(False)


def weekly_hours(office, request=None):
    """[(weekday name, [(opens, closes)])], Monday first, days it opens only."""
    from .blocks import WEEKDAYS

    office = original(office, request)
    days = {}
    for opening in office.hours:
        days.setdefault(opening.value["weekday"], []).append((opening.value["opens"], opening.value["closes"]))
    return [(name, sorted(days[code])) for code, name in WEEKDAYS if code in days]

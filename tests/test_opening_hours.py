"""'Open now' (issue 17): from an office's weekly hours and its days with
other hours, in Belgrade time, at the boundaries and across a holiday; the
cached page lives no longer than what it says stays true; hours that end
before they start or overlap are refused with a message."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guides.blocks import HoursExceptionBlock, OpeningHoursBlock
from guides.opening import opening_state

from .factories import GuidePageFactory, OfficeFactory
from .helpers import soup, text

pytestmark = [pytest.mark.django_db, pytest.mark.focused]

BELGRADE = ZoneInfo("Europe/Belgrade")
WEEKDAYS_8_TO_15 = [
    {"type": "opening", "value": {"weekday": str(day), "opens": "08:00", "closes": "15:00"}} for day in range(5)
]
# Friday 2 January 2026 is a public holiday in Serbia (New Year); the office says so.
NEW_YEAR = [{"type": "exception", "value": {"date": "2026-01-02", "opens": None, "closes": None, "note": "New Year"}}]


def at(day, time):
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time.fromisoformat(time), BELGRADE)


@pytest.fixture
def office():
    return OfficeFactory(hours=WEEKDAYS_8_TO_15, hours_exceptions=NEW_YEAR)


@pytest.mark.parametrize(
    ("now", "is_open", "changes_at"),
    [
        (at("2026-01-05", "07:59"), False, at("2026-01-05", "08:00")),  # Monday, a minute early
        (at("2026-01-05", "08:00"), True, at("2026-01-05", "15:00")),  # opens on the minute
        (at("2026-01-05", "14:59"), True, at("2026-01-05", "15:00")),
        (at("2026-01-05", "15:00"), False, at("2026-01-06", "08:00")),  # closed on the minute
        (at("2026-01-09", "16:00"), False, at("2026-01-12", "08:00")),  # Friday evening: Monday
        (at("2026-01-01", "16:00"), False, at("2026-01-05", "08:00")),  # the holiday Friday is skipped
        (at("2026-01-02", "10:00"), False, at("2026-01-05", "08:00")),  # on the holiday itself
    ],
)
def test_open_now_at_the_boundaries_and_across_a_holiday(office, now, is_open, changes_at):
    state = opening_state(office, now=now)
    assert (state.is_open, state.changes_at) == (is_open, changes_at)


def test_a_time_given_in_another_zone_is_read_in_belgrade(office):
    # 07:30 UTC on a Monday in January is 08:30 in Belgrade: open.
    assert opening_state(office, now=datetime.datetime(2026, 1, 5, 7, 30, tzinfo=datetime.UTC)).is_open


def test_a_step_says_open_now_and_the_cached_page_lives_only_until_closing(client, home, office, settings):
    settings.PAGE_CACHE_SECONDS = 600
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    with mock.patch("django.utils.timezone.now", return_value=at("2026-01-05", "14:55")):
        response = client.get(guide.url)
    assert text(soup(response).select_one(".step .opening")) == "Open now, until 3 p.m."
    # Five minutes from closing: kept five minutes, not ten.
    assert "s-maxage=300" in response["Cache-Control"], response["Cache-Control"]


def test_a_closed_office_says_when_it_next_opens(client, home, office, settings):
    settings.PAGE_CACHE_SECONDS = 600
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    with mock.patch("django.utils.timezone.now", return_value=at("2026-01-09", "16:00")):
        response = client.get(guide.url)
    assert text(soup(response).select_one(".step .opening")) == "Closed now. Next opening: Monday, 8 a.m."
    assert "s-maxage=600" in response["Cache-Control"]  # Monday is further away than the cache's lifetime


def test_an_office_without_weekly_hours_says_nothing_about_now(client, home):
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=OfficeFactory())
    assert soup(client.get(guide.url)).select_one(".step .opening") is None


def test_hours_that_end_before_they_start_or_overlap_are_refused_with_a_message():
    block = OpeningHoursBlock()
    backwards = block.to_python([{"type": "opening", "value": {"weekday": "0", "opens": "15:00", "closes": "08:00"}}])
    with translation.override("ru"):
        with pytest.raises(ValidationError) as refused:
            block.clean(backwards)
        assert "позже времени открытия" in str(refused.value.block_errors[0].block_errors["closes"])
    overlapping = block.to_python(
        [
            {"type": "opening", "value": {"weekday": "0", "opens": "08:00", "closes": "12:00"}},
            {"type": "opening", "value": {"weekday": "0", "opens": "11:00", "closes": "15:00"}},
            {"type": "opening", "value": {"weekday": "1", "opens": "11:00", "closes": "15:00"}},
        ]
    )
    with pytest.raises(ValidationError) as refused:
        block.clean(overlapping)
    assert set(refused.value.block_errors) == {1}
    assert block.clean(block.to_python(WEEKDAYS_8_TO_15))  # a lunch break or separate days are fine

    exception = HoursExceptionBlock()
    with pytest.raises(ValidationError):
        exception.clean(exception.to_python({"date": "2026-01-02", "opens": "08:00", "closes": None}))


def test_a_translated_office_opens_when_the_original_says(office):
    """The hours are the same in every language: a translation made before
    the hours were entered does not show stale ones."""
    from wagtail.models import Locale

    russian = office.copy_for_translation(Locale.objects.get_or_create(language_code="ru")[0])
    russian.hours = []
    russian.save()
    assert opening_state(russian, now=at("2026-01-05", "09:00")).is_open

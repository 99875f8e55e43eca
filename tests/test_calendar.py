"""The .ics files parse with a real iCalendar parser and carry the right
times in Europe/Belgrade."""

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from cultural_events.models import EventPage

from .factories import EventIndexPageFactory, EventPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.focused]
BELGRADE = ZoneInfo("Europe/Belgrade")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_event_ics_has_the_events_times_in_belgrade_time(client, home):
    event = EventPageFactory(parent__parent=home)
    calendar = parse(client.get(f"{event.url}event.ics"))
    [vevent] = calendar.walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert str(vevent["summary"]) == event.title
    assert start == event.start and vevent.decoded("dtend") == event.end
    assert vevent["dtstart"].params["TZID"] == "Europe/Belgrade"
    assert start.utcoffset() == event.start.astimezone(BELGRADE).utcoffset()
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Europe/Belgrade"
    assert event.organiser in str(vevent["description"])


def test_feed_holds_every_live_event_once(client, home):
    index = EventIndexPageFactory(parent=home)
    events = EventPageFactory.create_batch(3, parent=index)
    EventPageFactory(parent=index, live=False)
    calendar = parse(client.get(f"{index.url}feed.ics"))
    uids = [str(vevent["uid"]) for vevent in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(events)
    assert {str(vevent["summary"]) for vevent in calendar.walk("VEVENT")} == {event.title for event in events}


def test_summer_and_winter_events_get_their_own_offsets(client, home):
    """Belgrade is UTC+2 in summer and UTC+1 in winter; a phone must show the local time."""
    import datetime

    index = EventIndexPageFactory(parent=home)
    offsets = set()
    for month in (1, 7):
        start = datetime.datetime(2027, month, 10, 17, 0, tzinfo=BELGRADE)
        event = index.add_child(
            instance=EventPage(
                title=f"Month {month}",
                slug=f"month-{month}",
                start=start,
                end=start + datetime.timedelta(hours=2),
                place="Library",
                city="Belgrade",
                organiser="Test",
                description="<p>x</p>",
            )
        )
        [vevent] = parse(client.get(f"{event.url}event.ics")).walk("VEVENT")
        assert vevent.decoded("dtstart").astimezone(BELGRADE).hour == 17
        offsets.add(vevent.decoded("dtstart").utcoffset())
    assert offsets == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}

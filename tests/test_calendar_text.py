"""The text of .ics files: plain text with real characters, not HTML."""

import datetime

import pytest
from icalendar import Calendar

from cultural_events.models import EventIndexPage, EventPage

from .helpers import english

pytestmark = pytest.mark.django_db


def test_event_descriptions_are_plain_text_with_real_characters(client):
    index = english(EventIndexPage).get()
    start = datetime.datetime(2027, 3, 10, 17, 0, tzinfo=datetime.UTC)
    event = index.add_child(
        instance=EventPage(
            title="Drawing",
            slug="drawing",
            start=start,
            end=start + datetime.timedelta(hours=2),
            place="Library",
            city="Belgrade",
            organiser="Test",
            description="<p>The school &quot;Drvo Art&quot; shows the children&#x27;s pictures; free.</p><p>Bring a friend.</p>",
        )
    )
    response = client.get(f"{event.url}event.ics")
    assert b"&quot" not in response.content and b"&#x27" not in response.content
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    description = str(vevent["description"])
    assert description.startswith('The school "Drvo Art" shows the children\'s pictures; free. Bring a friend.')

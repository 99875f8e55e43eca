"""iCalendar (RFC 5545) files for events, in the Europe/Belgrade time zone,
built with the icalendar package."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event
from wagtail.rich_text import get_text_for_indexing

TZ = ZoneInfo(settings.TIME_ZONE)


def calendar_for(events, request, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Putokaz//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # The public address, as the URL lines (Wagtail's, from the Site record that
    # follows PUBLIC_URL): not whatever Host a request came with.
    host = urlsplit(settings.PUBLIC_URL).hostname or request.get_host()
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event, request, host))
    if events:
        # A VTIMEZONE that covers just these events keeps the file small.
        calendar.add_missing_timezones(
            first_date=min(event.start for event in events).date() - timedelta(days=1),
            last_date=max(event.end for event in events).date() + timedelta(days=1),
        )
    return calendar


def _vevent(event, request, host):
    vevent = Event()
    vevent.add("uid", f"event-{event.translation_key}@{host}")
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.start.astimezone(TZ))
    vevent.add("dtend", event.end.astimezone(TZ))
    vevent.add("dtstamp", (event.last_published_at or event.start).astimezone(ZoneInfo("UTC")))
    name, address, city = event.where
    vevent.add("location", ", ".join(part for part in (name, address, city) if part))
    # ORGANIZER must be an e-mail address in iCalendar; the organiser's name goes in the text.
    # Plain text with real characters: an iCalendar TEXT value is not HTML.
    vevent.add("description", f"{get_text_for_indexing(event.description)}\n\n{event.organiser}")
    vevent.add("url", event.get_full_url(request))
    return vevent

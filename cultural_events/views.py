from django.http import Http404, HttpResponse
from wagtail.models import Page

from .calendar import calendar_for
from .models import EventIndexPage, EventPage


def calendar_file(request, page_path, name):
    """<events>/feed.ics (every event, for subscribing) and <event>/event.ics.

    Wagtail's page URLs have no dots, so these live beside them in urls.py and
    find their page the way Wagtail's own serve view does."""
    page = Page.find_for_request(request, page_path)
    page = page.specific if page else None
    if name == "feed" and isinstance(page, EventIndexPage):
        events, filename, disposition = page.events().order_by("start"), "putokaz-events.ics", "inline"
    elif name == "event" and isinstance(page, EventPage) and not page.get_view_restrictions().exists():
        events, filename, disposition = [page], f"{page.slug}.ics", "attachment"
    else:
        raise Http404
    response = HttpResponse(
        calendar_for(events, request, name=page.title).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

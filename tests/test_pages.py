"""Each page type renders with its content, as a newcomer sees it."""

import pytest
from django.utils import timezone

from cultural_events.models import EventIndexPage, EventPage
from guides.models import GlossaryTerm, GuidePage, Office, TopicPage
from home.models import HomePage

from .helpers import demo, demo_guides, english, soup, text

pytestmark = pytest.mark.django_db


def test_home_shows_topics_featured_guides_events_and_emergency_numbers(client):
    page = soup(client.get("/en/"))
    body = text(page)
    for topic in demo("topics.yaml"):
        assert page.find("a", string=topic["title"]), topic["title"]
    for key in demo("home.yaml")["featured"]:
        guide = english(GuidePage).get(slug=key)
        assert page.find("a", href=guide.url), key
    upcoming = english(EventPage).live().filter(end__gte=timezone.now()).order_by("start").first()
    assert upcoming.title in body
    for number in ("112", "192", "194", "193"):
        assert page.find("a", href=f"tel:{number}"), number


def test_topic_page_lists_its_guides_with_summaries(client):
    for topic in english(TopicPage).live():
        page = soup(client.get(topic.url))
        assert page.h1.get_text() == topic.title
        guides = english(GuidePage).child_of(topic).live()
        assert guides.exists()
        for guide in guides:
            link = page.find("a", href=guide.url)
            assert link and link.get_text() == guide.title
            assert " ".join(guide.summary.split()[:8]) in text(page)


@pytest.mark.parametrize("key", [guide["key"] for guide in demo_guides()])
def test_every_guide_renders_its_steps_and_overview_links_resolve(client, key):
    guide = english(GuidePage).get(slug=key)
    page = soup(client.get(guide.url))
    assert page.h1.get_text() == guide.title
    assert "In short" in text(page)
    overview = page.select(".step-overview a")
    assert len(overview) == len(guide.steps) >= 3
    for number, link in enumerate(overview, start=1):
        assert link["href"] == f"#step-{number}"
        target = page.find(id=f"step-{number}")
        assert target is not None, link["href"]
        assert link.get_text() in text(target.h2)
    assert page.select(".sources li"), "a guide cites its sources"
    assert page.find("time", attrs={"datetime": guide.last_reviewed.isoformat()})


def test_glossary_page_lists_every_term(client):
    page = soup(client.get("/en/glossary/"))
    for term in english(GlossaryTerm).all():
        entry = page.find(id=term.anchor)
        assert entry is not None, term.abbreviation
        assert term.full_name in text(entry)


def test_office_directory_lists_every_office_with_an_anchor(client):
    page = soup(client.get("/en/offices/"))
    for office in english(Office).all():
        assert page.find(id=office.anchor), office.slug


def test_events_list_shows_upcoming_first_and_past_separately(client):
    index = english(EventIndexPage).get()
    page = soup(client.get(index.url))
    now = timezone.now()
    upcoming = [a.get_text() for a in page.select("#upcoming-heading ~ ul .event h3 a")]
    past = [a.get_text() for a in page.select(".past-events .event h3 a")]
    expected_upcoming = list(
        english(EventPage).live().filter(end__gte=now).order_by("start").values_list("title", flat=True)
    )
    expected_past = list(
        english(EventPage).live().filter(end__lt=now).order_by("-start").values_list("title", flat=True)
    )
    assert upcoming == expected_upcoming and len(upcoming) >= 3
    assert past == expected_past and past
    assert page.find("a", href=f"{index.url}feed.ics")


def test_event_page_shows_when_where_who_and_price(client):
    event = english(EventPage).live().filter(end__gte=timezone.now()).order_by("start").first()
    page = soup(client.get(event.url))
    body = text(page)
    assert event.title == page.h1.get_text()
    assert event.organiser in body
    assert event.get_audience_display() in body
    assert ("Free" if event.is_free else "Paid") in body
    assert page.find("a", href=f"{event.url}event.ics")
    assert "has taken place" not in body


def test_past_event_says_it_has_taken_place(client):
    event = english(EventPage).live().filter(end__lt=timezone.now()).first()
    assert "This event has taken place." in text(soup(client.get(event.url)))


def test_unknown_address_gets_a_friendly_404(client):
    response = client.get("/en/health/no-such-guide/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_home_page_is_the_site_root():
    assert isinstance(english(HomePage).get().get_site().root_page.specific, HomePage)

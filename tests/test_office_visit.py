"""What a newcomer needs before going to an office (issue 17): whether to
book and how, the languages at the counter, step-free access, what to bring
and a map link, beside the step that sends them there and in the directory;
bad input refused with a message; offices and events as schema.org data."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cultural_events.models import EventPage
from guides.models import Office

from .factories import GuidePageFactory, OfficeDirectoryPageFactory, OfficeFactory
from .helpers import english, soup, text

WELL_PREPARED = {
    "appointment": Office.Appointment.NEEDED,
    "booking_url": "https://eupravа.example/booking",
    "booking_phone": "011 123 4567",
    "spoken_languages": ["sr", "en", "ru"],
    "step_free": True,
    "what_to_bring": "Passport and the white card",
    "latitude": Decimal("44.812345"),
    "longitude": Decimal("20.461234"),
}


def facts(element):
    return {text(dt): dt.find_next_sibling("dd") for dt in element.select("dt")}


@pytest.mark.django_db
@pytest.mark.focused
def test_the_step_and_the_directory_say_what_to_know_before_going(client, home):
    office = OfficeFactory(name="Police administration", **WELL_PREPARED)
    directory = OfficeDirectoryPageFactory(parent=home)
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    for url, where in ((guide.url, ".step .facts"), (directory.url, f"#{office.anchor} .facts")):
        shown = facts(soup(client.get(url)).select_one(where))
        assert text(shown["Appointment"]).startswith("Needed")
        assert shown["Appointment"].find("a", string="Book online")["href"] == "https://eupravа.example/booking"
        assert shown["Appointment"].select_one('a[href="tel:0111234567"]')
        assert [text(name) for name in shown["Languages at the counter"].select("bdi")] == [
            "Српски",
            "English",
            "Русский",
        ]
        assert text(shown["Step-free access"]) == "Yes"
        assert text(shown["What to bring"]) == "Passport and the white card"
        assert shown["Map"].a["href"] == (
            "https://www.openstreetmap.org/?mlat=44.812345&mlon=20.461234#map=17/44.812345/20.461234"
        )


@pytest.mark.django_db
@pytest.mark.focused
def test_what_is_not_known_is_not_shown(client, home):
    office = OfficeFactory(name="Health centre")
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    shown = facts(soup(client.get(guide.url)).select_one(".step .facts"))
    assert not {"Appointment", "Languages at the counter", "Step-free access", "What to bring", "Map"} & set(shown)


@pytest.mark.django_db
@pytest.mark.focused
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("booking_url", "javascript:alert(1)", "Укажите веб-адрес, который начинается с https:// или http://."),
        ("booking_url", "ftp://example.org/book", "Укажите веб-адрес, который начинается с https:// или http://."),
        ("latitude", Decimal("123.5"), "90"),
        ("longitude", Decimal("-181"), "-180"),
    ],
)
def test_a_booking_link_or_coordinates_off_the_map_are_refused_with_a_message(field, value, message):
    office = OfficeFactory.build(**{**WELL_PREPARED, field: value})
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        office.full_clean(exclude=["locale", "translation_key"])
    with translation.override("ru"):
        assert message in " ".join(str(error) for error in refused.value.message_dict[field])


@pytest.mark.django_db
def test_the_admin_keeps_what_the_editor_typed_when_a_link_is_refused(admin_client):
    office = english(Office).get(slug="police-administration")
    form_url = reverse("wagtailsnippets_guides_office:edit", args=[office.pk])
    fields = ["name", "slug", "kind", "address", "city", "opening_hours", "phone", "website", "notes"]
    data = {name: getattr(office, name) for name in fields}
    data.update({"hours-count": "0", "hours_exceptions-count": "0"})
    data.update({"appointment": "needed", "booking_url": "javascript:alert(1)", "what_to_bring": "Passport"})
    response = admin_client.post(form_url, data)
    assert response.status_code == 200
    page = soup(response)
    errors = [text(error) for error in page.select(".error-message")]
    assert errors == ["Enter a valid URL."], errors
    assert page.select_one("textarea[name=what_to_bring]").get_text().strip() == "Passport"
    office.refresh_from_db()
    assert office.booking_url == "" and office.what_to_bring == ""


@pytest.mark.django_db
def test_the_directory_and_an_event_describe_themselves_as_schema_org_data(client):
    directory = soup(client.get("/en/offices/"))
    data = json.loads(directory.select_one('script[type="application/ld+json"]').string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ItemList"
    items = {item["item"]["name"]: item["item"] for item in data["itemListElement"]}
    police = items[english(Office).get(slug="police-administration").name]
    assert police["@type"] == "GovernmentOffice" and police["@id"].endswith("/en/offices/#office-police-administration")
    assert police["address"]["addressCountry"] == "RS"

    event = english(EventPage).live().first()
    page = soup(client.get(event.url))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["startDate"] == event.start.isoformat() and data["location"]["name"] == event.where[0]
    assert data["organizer"]["name"] == event.organiser


@pytest.mark.django_db
def test_the_office_and_synonym_listings_filter_by_what_editors_look_for(admin_client):
    listing = reverse("wagtailsnippets_guides_office:list")
    page = soup(admin_client.get(listing, {"city": "Belgrade", "locale": "en"}))
    names = [text(cell) for cell in page.select("table tbody td.title")]
    belgrade = english(Office).filter(city="Belgrade")
    assert belgrade.exists() and len(names) == belgrade.count()
    filters = {field["name"] for field in page.select("#filters-drilldown [name], .w-drilldown [name]")}
    assert {"kind", "city", "appointment", "live", "locale"} <= filters, filters

    synonyms = soup(admin_client.get(reverse("wagtailsnippets_search_synonym:list"), {"language": "fa"}))
    rows = [text(row) for row in synonyms.select("table tbody tr")]
    assert rows and all("فارسی" in row or "fa" in row for row in rows), rows[:3]

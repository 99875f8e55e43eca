"""What an uncached page reads the same way every time is kept per worker
(issue 20): which page an address leads to (base/routing.py), the page in
the other languages, the notice about its translation, a guide's topic and
related guides, and the offices' hours. The next page shows any change."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from guides.models import GuidePage, TopicPage

from .factories import GuidePageFactory, OfficeFactory
from .helpers import soup, text

pytestmark = pytest.mark.django_db

GUIDE = "/ru/health/emergency-care/"


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def hreflangs(client, path):
    return {link["hreflang"] for link in soup(client.get(path)).select("link[rel=alternate][hreflang]")}


def test_a_page_read_again_is_found_without_walking_the_tree(client):
    first = queries(client, GUIDE)
    again = queries(client, GUIDE)
    # Wagtail's walk asks for each level's child by slug; the notice's
    # translation record and the page's translations are kept too.
    assert any('"slug" =' in sql for sql in first)
    assert not any('"slug" =' in sql for sql in again)
    assert not any("wagtail_localize_translation" in sql for sql in again)
    assert len(again) < len(first) - 5


def test_a_renamed_moved_or_unpublished_guide_is_found_where_it_is_now(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    assert client.get(GUIDE).status_code == 200
    guide.slug = "skoraya-pomoshch"
    guide.save_revision().publish()
    assert client.get(GUIDE).status_code == 404
    assert client.get("/ru/health/skoraya-pomoshch/").status_code == 200

    other = TopicPage.objects.get(slug="residence", locale__language_code="ru")
    guide.refresh_from_db()
    guide.move(other, pos="last-child")
    old = client.get("/ru/health/skoraya-pomoshch/")  # Wagtail's redirect, made on moving
    assert old.status_code == 301 and old["Location"] == "/ru/residence/skoraya-pomoshch/"
    moved = soup(client.get("/ru/residence/skoraya-pomoshch/"))
    assert other.title in text(moved.select_one(".part-of"))  # its topic is the new one

    guide.refresh_from_db()
    guide.unpublish()
    assert client.get("/ru/residence/skoraya-pomoshch/").status_code == 404


def test_an_unpublished_translation_leaves_the_other_languages_links(client):
    english = "/en/health/emergency-care/"
    assert "ru" in hreflangs(client, english)
    russian = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    russian.unpublish()
    assert "ru" not in hreflangs(client, english)
    russian.refresh_from_db()
    russian.save_revision().publish()
    assert "ru" in hreflangs(client, english)


def test_a_translation_is_said_to_be_out_of_date_once_its_original_changes(client):
    assert soup(client.get(GUIDE)).select_one(".translation-notice") is None
    original = GuidePage.objects.get(slug="emergency-care", locale__language_code="en")
    original.summary += " Call 112 first."
    original.save_revision().publish()
    notice = soup(client.get(GUIDE)).select_one(".translation-notice")
    assert notice is not None and notice.select_one("a[href='/en/health/emergency-care/']")


def test_a_renamed_topic_or_related_guide_shows_on_the_guide(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    page = soup(client.get(GUIDE))
    related = [text(a) for a in page.select(".related a")]
    assert related, "the demo guide has related guides"
    topic = guide.get_parent().specific
    topic.title = "Здоровье и врачи"
    topic.save_revision().publish()
    first = GuidePage.objects.get(title=related[0], locale=guide.locale)
    first.title = "Новое название"
    first.save_revision().publish()
    page = soup(client.get(GUIDE))
    assert "Здоровье и врачи" in text(page.select_one(".part-of"))
    assert "Новое название" in [text(a) for a in page.select(".related a")]


def test_an_offices_new_hours_show_on_the_next_page(client, home):
    belgrade = ZoneInfo("Europe/Belgrade")
    office = OfficeFactory(hours=[{"type": "opening", "value": {"weekday": "0", "opens": "08:00", "closes": "15:00"}}])
    guide = GuidePageFactory(parent__parent=home, steps__0__step__office=office)
    monday_morning = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=belgrade)
    with mock.patch("django.utils.timezone.now", return_value=monday_morning):
        assert text(soup(client.get(guide.url)).select_one(".step .opening")) == "Open now, until 3 p.m."
        office.hours = [{"type": "opening", "value": {"weekday": "0", "opens": "10:00", "closes": "12:00"}}]
        office.save()
        assert text(soup(client.get(guide.url)).select_one(".step .opening")) == (
            "Closed now. Next opening: Monday, 10 a.m."
        )


def test_a_sites_new_address_is_in_the_next_pages_canonical_link(client, settings):
    # The sites' root paths are kept per worker (base/sites.py): a site
    # given a new host name must show in the very next page.
    settings.PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    path = "/ru/health/emergency-care/"
    site = Site.objects.get(is_default_site=True)
    assert soup(client.get(path)).find("link", rel="canonical")["href"] == f"{site.root_url}{path}"
    site.hostname, site.port = "putokaz.example", 443
    site.save()
    assert soup(client.get(path)).find("link", rel="canonical")["href"] == f"https://putokaz.example{path}"

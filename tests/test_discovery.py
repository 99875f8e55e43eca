"""How search engines find Putokaz (issue 19): the sitemap with each
language's pages and their real translations, robots.txt, and the
canonical address and Open Graph tags of every page."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.conf import settings
from wagtail.models import Locale, Page, PageViewRestriction, Site

from guides.models import GuidePage

from .helpers import english, soup

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (the portal's own sitemap)
    entries = {}
    for location in index.findall("s:sitemap/s:loc", NS):
        assert location.text.startswith(settings.PUBLIC_URL + "/sitemap-")
        path = location.text.removeprefix(settings.PUBLIC_URL)
        for url in ET.fromstring(client.get(path).content).findall("s:url", NS):  # noqa: S314
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
            entries[url.find("s:loc", NS).text] = alternates
    return entries


def test_the_sitemap_lists_every_language_with_real_translations_only(client):
    entries = sitemap(client)
    root = Site.objects.get(is_default_site=True).root_url
    assert all(location.startswith(root + "/") for location in entries)
    for locale in Locale.objects.all():
        assert f"{root}/{locale.language_code}/" in entries, locale
    # The Russian guide names its translations, absolute.
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    alternates = entries[guide.full_url]
    assert alternates["ru"] == guide.full_url and alternates["en"] == f"{root}/en/health/emergency-care/"
    assert alternates["sr-Latn"] == f"{root}/sr-latn/health/emergency-care/"
    # Pashto has no cultural-life guide of its own: its stand-in is neither
    # listed nor an alternate of the English guide.
    stand_in = Page.objects.get(slug="cultural-life", locale__language_code="ps")
    assert stand_in.alias_of_id is not None
    assert stand_in.full_url not in entries
    assert "ps" not in entries[f"{root}/en/culture/cultural-life/"]


def test_drafts_and_private_pages_are_not_in_the_sitemap(client):
    guide = english(GuidePage).get(slug="emergency-care")
    PageViewRestriction.objects.create(page=guide, restriction_type="password", password="x" * 12)
    other = english(GuidePage).get(slug="registering-with-rfzo")
    other.unpublish()
    entries = sitemap(client)
    assert guide.full_url not in entries and other.full_url not in entries
    assert english(GuidePage).get(slug="health-insurance-options").full_url in entries


def test_robots_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and f"Sitemap: {settings.PUBLIC_URL}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the pages themselves are open


@pytest.mark.parametrize("path", ["/sitemap-pages.xml?p=99", "/sitemap-pages.xml?p=x", "/sitemap-nothing.xml"])
def test_an_odd_sitemap_address_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_translated_guide_is_its_own_canonical_with_open_graph_in_its_language(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="uk")
    page = soup(client.get(guide.url))
    assert page.find("link", rel="canonical")["href"] == guide.full_url
    meta = {tag["property"]: tag["content"] for tag in page.find_all("meta", property=True)}
    assert meta["og:url"] == guide.full_url and meta["og:title"] == guide.title and meta["og:type"] == "article"
    assert meta["og:locale"] == "uk_UA" and meta["og:description"].startswith(guide.summary.split()[0])
    alternates = [tag["content"] for tag in page.find_all("meta", property="og:locale:alternate")]
    assert "en_GB" in alternates and "uk_UA" not in alternates and alternates.count("sr_RS") == 1


def test_an_untranslated_page_points_at_its_original_in_the_originals_language(client):
    stand_in = Page.objects.get(slug="cultural-life", locale__language_code="ps")
    original = english(GuidePage).get(slug="cultural-life")
    page = soup(client.get(stand_in.url))
    assert page.find("link", rel="canonical")["href"] == original.full_url
    assert page.find("meta", property="og:locale")["content"] == "en_GB"
    assert page.find("meta", property="og:url")["content"] == original.full_url


def note(guide, date, text):
    guide.change_notes = [
        *((block.block_type, block.value) for block in guide.change_notes),
        ("change", {"date": date, "note": text}),
    ]
    return guide.save_revision()


def read_feed(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception  # well-formed Atom, as a feed reader reads it
    return feed


def test_a_published_change_note_is_in_its_languages_and_its_topics_feed(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    note(guide, datetime.date(2026, 11, 30), "Уточнён номер скорой помощи").publish()
    feed = read_feed(client, "/ru/changes.atom")
    assert feed.feed.language == "ru" and feed.feed.title.startswith("Изменения в инструкциях")
    entry = feed.entries[0]
    assert entry.title == guide.title and entry.summary == "Уточнён номер скорой помощи"
    assert entry.link == guide.full_url + "#changes" and entry.updated.startswith("2026-11-30")
    assert [e.summary for e in read_feed(client, "/ru/health/changes.atom").entries] == ["Уточнён номер скорой помощи"]
    assert read_feed(client, "/ru/education/changes.atom").entries == []
    assert read_feed(client, "/en/changes.atom").entries == []  # the Russian note is the Russian page's


def test_a_draft_a_private_guide_and_an_edit_without_a_note_add_no_entry(client):
    guide = english(GuidePage).get(slug="emergency-care")
    note(guide, datetime.date(2026, 11, 1), "Ambulance number checked").publish()
    assert len(read_feed(client, "/en/changes.atom").entries) == 1
    note(guide, datetime.date(2026, 11, 2), "Not published yet")  # a draft
    guide = english(GuidePage).get(slug="emergency-care")
    guide.title = guide.title + " (typo fixed)"
    revision = guide.save_revision()
    revision.publish()  # a minor edit: no note
    other = english(GuidePage).get(slug="registering-with-rfzo")
    note(other, datetime.date(2026, 11, 3), "Private news").publish()
    PageViewRestriction.objects.create(page=other, restriction_type="password", password="x" * 12)
    summaries = [entry.summary for entry in read_feed(client, "/en/changes.atom").entries]
    assert summaries == ["Ambulance number checked"]


def test_an_unknown_topics_feed_is_a_404(client):
    assert client.get("/en/no-such-topic/changes.atom").status_code == 404


def test_pages_link_their_feeds(client):
    guide = soup(client.get("/fa/health/emergency-care/"))
    feeds = [link["href"] for link in guide.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == ["/fa/changes.atom", "/fa/health/changes.atom"]
    topic = soup(client.get("/fa/health/"))
    assert [link["href"] for link in topic.find_all("link", type="application/atom+xml")] == [
        "/fa/changes.atom",
        "/fa/health/changes.atom",
    ]

"""What every page of a language repeats (the menu, the footer, the office
directory a step links to, the glossary its abbreviations come from) is
built once per language and kept (issue 20), and the next page shows any
change to it (base/versions.py)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import GlossaryTerm, GuidePage, TopicPage
from home.models import InformationPage

from .helpers import soup, text

pytestmark = pytest.mark.django_db

GUIDE = "/ru/health/emergency-care/"


def menu(client, path=GUIDE):
    page = soup(client.get(path))
    return [text(link) for link in page.select("nav.site-nav.in-row a")], [
        text(link) for link in page.select("nav.footer-nav a")
    ]


def test_the_menu_and_footer_follow_every_change():
    from django.test import Client

    client = Client()
    sections, about = menu(client)
    topic = TopicPage.objects.get(slug="health", locale__language_code="ru")
    assert topic.title in sections
    topic.title = "Здоровье и врачи"
    topic.save_revision().publish()
    assert "Здоровье и врачи" in menu(client)[0]
    topic.show_in_menus = False
    topic.save_revision().publish()
    assert "Здоровье и врачи" not in menu(client)[0]
    page = InformationPage.objects.filter(locale__language_code="ru").first()
    assert page.title in about
    page.unpublish()
    assert page.title not in menu(client)[1]
    # Another language's menu was kept apart all along.
    english = TopicPage.objects.get(slug="health", locale__language_code="en")
    assert english.title in menu(client, "/en/health/emergency-care/")[0]


def test_a_renamed_abbreviation_is_explained_on_the_next_page(client):
    guide = GuidePage.objects.get(slug="registering-with-rfzo", locale__language_code="ru")
    term = GlossaryTerm.objects.get(abbreviation="RFZO", locale__language_code="ru")
    assert soup(client.get(guide.url)).find("abbr", string="RFZO")["title"] == term.full_name
    term.full_name = "Республиканский фонд медицинского страхования (РФЗО)"
    term.save_revision().publish()
    assert soup(client.get(guide.url)).find("abbr", string="RFZO")["title"] == term.full_name


def test_a_second_page_of_a_language_builds_none_of_them_again(client):
    client.get(GUIDE)
    with CaptureQueriesContext(connection) as first:
        client.get("/ru/health/registering-with-rfzo/")
    tables = " ".join(query["sql"] for query in first.captured_queries)
    assert "guides_glossaryterm" not in tables and "home_informationpage" not in tables
    assert "wagtailcore_site" not in tables  # base/sites.py


def test_the_search_page_lists_the_topics_and_follows_a_renamed_one(client):
    topic = TopicPage.objects.get(slug="health", locale__language_code="ru")
    listed = [text(a) for a in soup(client.get("/ru/search/")).select(".search-topics a")]
    assert topic.title in listed and len(listed) == TopicPage.objects.live().filter(locale=topic.locale).count()
    topic.title = "Здоровье и врачи"
    topic.save_revision().publish()
    page = soup(client.get("/ru/search/"))
    assert "Здоровье и врачи" in [text(a) for a in page.select(".search-topics a")]
    assert page.select_one(".search-topics a[href='/ru/health/']")


def test_a_page_read_again_asks_the_cache_once(client, settings, monkeypatch):
    # Everything is kept in the worker: what is left is whether each part
    # is still current, read in one round trip (a guide reads five versions).
    settings.PAGE_CACHE_SECONDS = 0
    client.get(GUIDE)
    backend = caches["default"]
    asked, inside = [], []

    def counted(name, method):
        def call(*args, **kwargs):
            if not inside:  # not the calls a backend makes within its own get_many
                asked.append(name)
            inside.append(name)
            try:
                return method(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for name in ("get", "get_many", "set", "add", "delete"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    assert client.get(GUIDE).status_code == 200
    assert asked == ["get_many"]

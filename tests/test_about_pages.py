"""The pages about Putokaz itself (about, contact, privacy, accessibility):
in every language, in every page's footer, true to what the site does, and
with what only an administrator can fill in flagged on the dashboard
(issue 16)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from guides.models import GuidePage, Publication
from home.models import InformationPage

from .helpers import soup

pytestmark = pytest.mark.django_db

KEYS = ["about", "contact", "privacy", "accessibility"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def footer_links(client, url):
    page = soup(client.get(url))
    return [(link["href"], words(link)) for link in page.select("footer .footer-nav a")]


def words(element):
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_four_pages_in_the_readers_language(client, language):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code=language)
    for url in (f"/{language}/", guide.url):
        links = footer_links(client, url)
        assert [href for href, _title in links] == [f"/{language}/{key}/" for key in KEYS], url
    for href, title in links:
        page = soup(client.get(href))
        assert words(page.h1) == title
        assert page.html["lang"].lower() == language


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != settings.LANGUAGE_CODE])
def test_the_pages_are_written_in_every_language_not_shown_in_english(client, language):
    english = {page.slug: page for page in InformationPage.objects.filter(locale__language_code="en")}
    for key in KEYS:
        page = InformationPage.objects.get(slug=key, locale__language_code=language)
        assert page.alias_of_id is None and page.live
        assert page.title != english[key].title and page.body != english[key].body
        assert "translation-notice" not in client.get(page.url).content.decode()


def test_what_an_administrator_must_fill_in_is_on_the_dashboard_not_on_the_page(client, admin_client):
    about = InformationPage.objects.get(slug="about", locale__language_code="en")
    assert about.to_fill
    dashboard = soup(admin_client.get("/admin/"))
    flagged = dashboard.select_one("#to-fill-content, #to-fill")
    assert flagged is not None and "About Putokaz" in flagged.get_text()
    # Readers never see the note, in any language.
    for page in InformationPage.objects.filter(slug="about"):
        assert about.to_fill[:40] not in client.get(page.url).content.decode()

    for page in InformationPage.objects.filter(locale__language_code="en").exclude(to_fill=""):
        page.to_fill = ""
        page.save_revision().publish()
    assert "About Putokaz" not in soup(admin_client.get("/admin/")).select_one("#to-fill-content").get_text()
    # What is left are the publications (tests/test_sources.py); once they too are complete, the panel goes.
    Publication.objects.update(publisher="An organisation", published="2025-01-01", url="https://example.org/")
    assert soup(admin_client.get("/admin/")).select_one("#to-fill-content") is None


def test_the_privacy_page_lists_every_cookie_a_reader_can_get(client):
    """The privacy page names three cookies: the language chosen, the
    feedback answer and the comment form's security token. A reader who
    does everything a reader can do gets those and no others."""
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="en")
    for url in ("/en/", guide.get_parent().url, guide.url, "/en/search/?q=ambulance", "/en/privacy/"):
        assert not client.get(url).cookies, url
    cookies = set()
    cookies |= set(client.get("/language/ru/?next=/ru/").cookies)
    with translation.override("en"):
        feedback_url = reverse("feedback", args=[guide.pk])
    answer = client.post(feedback_url, {"helpful": "no"}, HTTP_ORIGIN="http://testserver")
    cookies |= set(answer.cookies)
    assert "<form" in answer.content.decode()  # the comment form follows a No
    assert cookies == {settings.LANGUAGE_COOKIE_NAME, f"feedback-{guide.pk}", settings.CSRF_COOKIE_NAME}


@pytest.mark.parametrize("language", ["ru", "ur"])
def test_a_guide_names_the_organisation_responsible_for_it(client, language):
    """Putokaz, linked to the page that says who runs it, unless editors
    name another organisation for the guide."""
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code=language)
    line = soup(client.get(guide.url)).select_one(".responsible")
    assert line.a["href"] == f"/{language}/about/" and "Putokaz" in line.a.get_text()

    guide.responsible_organisation = "Group 484"
    guide.save_revision().publish()
    line = soup(client.get(guide.url)).select_one(".responsible")
    assert line.a is None and "Group 484" in line.get_text()

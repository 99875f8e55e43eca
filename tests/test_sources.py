"""A guide's sources as a reader weighs them (issue 16): each law or
institution, and the publication Putokaz read it in, with who published it,
when, and a link once an administrator has one. The publication and section
are the same in every language; what the seeds do not say is flagged on the
dashboard, never made up."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from guides.blocks import SourceBlock
from guides.models import GuidePage, Publication

from .helpers import english, soup

pytestmark = pytest.mark.django_db

RESEARCH = "Position and needs of migrant children and mothers from Russia in Serbia"
UN_REPORT = "Strengthening Migration Governance and Asylum Systems in Serbia: Enhancing policies, Protecting Rights"


def guide(slug, language="en"):
    return GuidePage.objects.get(slug=slug, locale__language_code=language)


def sources_of(client, page):
    return soup(client.get(page.url)).select(".sources li")


def words(element):
    return " ".join(element.get_text().split())


@pytest.mark.parametrize(
    ("language", "described_in", "months", "section"),
    [
        ("en", "Described in", "December 2023 – May 2024", "section 4.3.1"),
        ("ru", "Описано в", "Декабрь 2023 г. – Май 2024 г.", "раздел 4.3.1"),
        ("ar", "ورد في", "2023", "القسم 4.3.1"),
    ],
)
def test_each_source_says_who_published_what_it_was_read_in_and_when(client, language, described_in, months, section):
    items = sources_of(client, guide("health-insurance-options", language))
    assert items
    for item in items:
        found_in = item.select_one(".found-in")
        assert found_in is not None, words(item)
        assert words(found_in).startswith(described_in)
        assert "Group 484" in words(found_in)
    first = items[0].select_one(".found-in")
    assert months in words(first) and section in words(first)
    title = first.cite
    assert words(title) == RESEARCH
    # The title is English on every page: a screen reader reads it as English,
    # and a reader of another language is told what language it is in.
    if language == "en":
        assert not title.select("[lang]") and "(English)" not in words(first)
    else:
        assert title.select_one('[lang="en"]') is not None and "(English)" in words(first)


def test_a_list_of_sections_reads_as_sections(client):
    item = next(item for item in sources_of(client, guide("seeking-asylum")) if "3.1.1" in words(item))
    assert "sections 3.1.1–3.1.3" in words(item) and UN_REPORT in words(item) and "UNHCR and IOM" in words(item)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE])
def test_the_publication_and_section_are_the_same_in_every_language(language):
    """They are not given to translators: a translation cannot cite another
    report or section than the guide it translates."""
    for original in english(GuidePage):
        translated = original.get_translation(translation_locale(language))
        cited = [(source.value["publication"], source.value["section"]) for source in original.sources]
        assert [(source.value["publication"], source.value["section"]) for source in translated.sources] == cited
        assert all(publication is not None for publication, _ in cited), original.slug


def translation_locale(language):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=language)


def test_a_link_and_a_publication_date_show_once_filled_in(client, django_capture_on_commit_callbacks):
    research = Publication.objects.get(title=RESEARCH)
    page = guide("emergency-care", "ru")
    assert sources_of(client, page)[0].select_one("cite a") is None  # no link until one is known
    research.url = "https://example.org/research.pdf"
    research.published = datetime.date(2025, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        research.save()
    found_in = sources_of(client, page)[0].select_one(".found-in")
    link = found_in.select_one("cite a")
    assert link["href"] == research.url and link["lang"] == "en" and words(link) == RESEARCH
    assert found_in.find("time", attrs={"datetime": "2025-03-10"}) is not None
    assert "10 марта 2025" in words(found_in)  # the publication date, not the period it covers


def test_a_section_that_is_not_a_number_is_refused_in_the_editors_language():
    block = SourceBlock()
    value = block.to_python({"title": "Law on Foreigners", "section": "§4.2"})
    with translation.override("ru"):
        with pytest.raises(ValidationError) as refused:
            block.clean(value)
        assert "цифрами через точку" in str(refused.value.block_errors["section"])
    assert block.clean(block.to_python({"title": "Law on Foreigners", "section": "4.1.2, 4.4.2"}))


def test_what_the_documents_do_not_say_about_themselves_is_flagged_not_invented(admin_client):
    news = Publication.objects.get(title__startswith="News stories")
    assert not news.publisher and not news.published and not news.url
    panel = soup(admin_client.get("/admin/")).select_one("#to-fill-content")
    rows = {words(row.td): words(row.select("td")[1]) for row in panel.select(".to-fill-publications tbody tr")}
    assert rows[news.title] == "publisher, date, link"
    assert rows[RESEARCH] == "link"

    for publication in Publication.objects.all():
        publication.publisher = publication.publisher or "An organisation"
        publication.published = publication.published or datetime.date(2025, 1, 1)
        publication.url = publication.url or "https://example.org/"
        publication.save()
    panel = soup(admin_client.get("/admin/")).select_one("#to-fill-content")
    assert panel is None or not panel.select(".to-fill-publications")

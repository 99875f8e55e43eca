"""Every reader gets Putokaz in their language and script, or an honest
fallback; translators work in their own language only."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from guides.models import GuidePage, Office
from languages.setup import translators_group_name
from languages.transliteration import to_latin

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa"}
HTML_LANG = {"sr-latn": "sr-Latn"}
# Translated into every language (Arabic and Farsi have a few guides only).
EVERYWHERE = "/residence/registering-your-stay/"


def guide(key, language="en"):
    return GuidePage.objects.get(slug=key, locale__language_code=language)


def switcher_targets(page):
    """language code → the address the switcher's link leads on to."""
    targets = {}
    for link in page.select(".languages a"):
        query = parse_qs(urlparse(link["href"]).query)
        targets[link["hreflang"]] = query["next"][0]
    return targets


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", EVERYWHERE])
def test_each_language_renders_with_its_lang_dir_switcher_and_alternates(client, language, path):
    page = soup(client.get(f"/{language}{path}"))
    html = page.find("html")
    assert html["lang"] == HTML_LANG.get(language, language)
    assert html["dir"] == ("rtl" if language in RTL else "ltr")

    # The switcher leads to the same page in every other language, not to its home.
    targets = switcher_targets(page)
    assert {code.lower() for code in targets} == set(LANGUAGES)
    for code, target in targets.items():
        assert target == f"/{code.lower()}{path}"
        assert client.get(target).status_code == 200

    # hreflang for each real translation, including this one.
    alternates = {link["hreflang"].lower(): link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert set(alternates) == set(LANGUAGES)
    assert all(url.endswith(f"/{code}{path}") for code, url in alternates.items())


def test_translated_guide_is_in_the_readers_language_and_script(client):
    for language, title_script in (("ru", "Ѐ-ӿ"), ("uk", "Ѐ-ӿ"), ("sr", "Ѐ-ӿ"), ("ar", "؀-ۿ"), ("fa", "؀-ۿ")):
        page = soup(client.get(f"/{language}{EVERYWHERE}"))
        assert re.search(f"[{title_script}]", page.h1.get_text()), (language, page.h1.get_text())
        assert not page.select(".translation-notice"), language
    latin = soup(client.get(f"/sr-latn{EVERYWHERE}")).h1.get_text()
    cyrillic = soup(client.get(f"/sr{EVERYWHERE}")).h1.get_text()
    assert latin == to_latin(cyrillic) and latin != cyrillic


def test_interface_strings_come_from_the_catalogue(client):
    body = text(soup(client.get(f"/ru{EVERYWHERE}")))
    with translation.override("ru"):
        in_short = translation.gettext("In short")
    assert in_short != "In short", "the Russian catalogue is not compiled (manage.py compile_catalogues)"
    assert in_short in body and "In short" not in body


def test_root_sends_a_visitor_to_their_language_and_remembers_a_choice(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk,ru;q=0.8,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/uk/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").headers["Location"] == "/en/"

    # Choosing Serbian Latin with the switcher goes to the same page and is remembered for "/".
    response = client.get(f"/language/sr-latn/?next=/sr-latn{EVERYWHERE}")
    assert response.status_code == 302 and response["Location"] == f"/sr-latn{EVERYWHERE}"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk").headers["Location"] == "/sr-latn/"

    # ...and never traps: choosing another language changes it again.
    client.get(f"/language/fa/?next=/fa{EVERYWHERE}")
    assert client.get("/").headers["Location"] == "/fa/"


def test_switcher_refuses_to_lead_off_site_or_to_an_unknown_language(client):
    response = client.get("/language/ru/?next=https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/ru/"
    # An unknown language changes nothing and still leads on.
    response = client.get("/language/xx/?next=/en/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_untranslated_guide_is_shown_in_the_source_with_a_notice_in_the_readers_language(client):
    # Arabic has registering-your-stay but not registering-with-rfzo.
    response = client.get("/ar/health/registering-with-rfzo/")
    page = soup(response)
    notice = page.select_one(".translation-notice")
    assert notice is not None
    with translation.override("ar"):
        message = translation.gettext("This page has not been translated into this language yet.")
    assert message in text(notice) and message.isascii() is False
    # It links to the languages the guide exists in, not to stand-ins.
    links = {a["hreflang"].lower(): a["href"] for a in notice.find_all("a")}
    assert set(links) == {"en", "sr", "sr-latn", "ru", "uk"}
    assert links["ru"] == "/ru/health/registering-with-rfzo/"
    # The text is the English source, marked as English; the interface stays Arabic.
    assert page.h1.get_text() == guide("registering-with-rfzo").title
    assert page.h1.find_parent(attrs={"lang": "en"}) is not None
    assert page.find("html")["dir"] == "rtl"
    canonical = page.select_one('link[rel="canonical"]')
    assert canonical["href"].endswith("/en/health/registering-with-rfzo/")


def test_page_missing_in_a_language_is_never_a_404(client):
    for source in english(GuidePage).live():
        for language in ("ar", "fa"):
            assert client.get(f"/{language}{source.url[3:]}").status_code == 200, (language, source.slug)


def test_outdated_translation_says_so_until_it_is_synced(client, django_capture_on_commit_callbacks):
    russian_url = f"/ru{EVERYWHERE}"
    assert not soup(client.get(russian_url)).select(".translation-notice")

    source = guide("registering-your-stay")
    source.summary = source.summary + " Changed after the translation."
    with django_capture_on_commit_callbacks(execute=True):
        revision = source.save_revision()
        revision.publish()
    source.refresh_from_db()

    notice = soup(client.get(russian_url)).select_one(".translation-notice")
    assert notice is not None
    with translation.override("ru"):
        assert translation.gettext("Read the up-to-date original") in text(notice)
    assert notice.find("a", href=f"/en{EVERYWHERE}")
    with translation.override("ru"):
        assert date_format(localtime(source.last_published_at), "DATE_FORMAT") in text(notice)

    # The translator syncs the translation: the notice goes away.
    translation_source = TranslationSource.objects.get_for_instance(source)
    translation_source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        translation_source.create_or_update_translation(Locale.objects.get(language_code="ru"), fallback=True)
    # No longer outdated; the changed summary, not translated yet, is shown
    # in English and marked so (tests/test_reader_pages.py).
    page = soup(client.get(russian_url))
    assert not page.select(".translation-notice a")  # the outdated notice links to the original
    assert page.select_one(".in-short p[lang=en]") is not None


def test_sync_keeps_translated_segments_and_updates_changed_ones(client, django_capture_on_commit_callbacks):
    """Translate, change the source, sync, publish: what was translated stays,
    what changed is updated."""
    russian = Locale.objects.get(language_code="ru")
    source = guide("learning-serbian")
    translated = guide("learning-serbian", "ru")
    old_heading = source.steps[0].value["heading"]
    kept_heading = translated.steps[1].value["heading"]

    source.steps[0].value["heading"] = "Ask the school about Serbian lessons"
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()

    translation_source = TranslationSource.objects.get_for_instance(source)
    translation_source.update_from_db()
    new_string = translation_source.stringsegment_set.get(string__data="Ask the school about Serbian lessons")
    assert not StringTranslation.objects.filter(translation_of=new_string.string, locale=russian).exists()
    StringTranslation.objects.create(
        translation_of=new_string.string,
        locale=russian,
        context=new_string.context,
        data="Спросите в школе об уроках сербского",
        translation_type="manual",
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation_source.create_or_update_translation(russian)

    translated = guide("learning-serbian", "ru")
    assert translated.steps[0].value["heading"] == "Спросите в школе об уроках сербского"
    assert translated.steps[1].value["heading"] == kept_heading
    assert old_heading not in [step.value["heading"] for step in translated.steps]
    page = soup(client.get(translated.url))
    assert "Спросите в школе об уроках сербского" in text(page)


def test_serbian_latin_follows_the_cyrillic_on_publish(client, django_capture_on_commit_callbacks):
    cyrillic = guide("emergency-care", "sr")
    cyrillic.title = "Хитна помоћ: Ђорђе, Љиљана, Њива, Џеп, Ћуприја, ЧЕШАЉ"
    with django_capture_on_commit_callbacks(execute=True):
        cyrillic.save_revision().publish()
    latin = guide("emergency-care", "sr-latn")
    assert latin.title == "Hitna pomoć: Đorđe, Ljiljana, Njiva, Džep, Ćuprija, ČEŠALJ"
    assert latin.alias_of_id is None and latin.live
    assert soup(client.get(latin.url)).h1.get_text() == latin.title

    office = Office.objects.get(slug="rfzo-branch", locale__language_code="sr")
    office.opening_hours = "радним данима"
    office.save()
    assert Office.objects.get(slug="rfzo-branch", locale__language_code="sr-latn").opening_hours == "radnim danima"


SERBIAN_ALPHABET = [
    ("А", "A"),
    ("Б", "B"),
    ("В", "V"),
    ("Г", "G"),
    ("Д", "D"),
    ("Ђ", "Đ"),
    ("Е", "E"),
    ("Ж", "Ž"),
    ("З", "Z"),
    ("И", "I"),
    ("Ј", "J"),
    ("К", "K"),
    ("Л", "L"),
    ("Љ", "Lj"),
    ("М", "M"),
    ("Н", "N"),
    ("Њ", "Nj"),
    ("О", "O"),
    ("П", "P"),
    ("Р", "R"),
    ("С", "S"),
    ("Т", "T"),
    ("Ћ", "Ć"),
    ("У", "U"),
    ("Ф", "F"),
    ("Х", "H"),
    ("Ц", "C"),
    ("Ч", "Č"),
    ("Џ", "Dž"),
    ("Ш", "Š"),
]


@pytest.mark.parametrize("cyrillic, latin", SERBIAN_ALPHABET)
def test_transliteration_is_exact_for_every_letter(cyrillic, latin):
    assert to_latin(cyrillic) == latin
    assert to_latin(cyrillic.lower()) == latin.lower()
    # A capital digraph inside an all-capitals word is all capitals.
    assert to_latin(cyrillic + "А") == latin.upper() + "A"


def test_transliteration_leaves_other_text_alone():
    untouched = 'Putokaz 112, RFZO <a id="a1">link</a> «ы ё ї є ґ» مرحبا 🙂'
    assert to_latin(untouched) == untouched
    assert to_latin("Љубав и ЊЕГОШ, 2024.") == "Ljubav i NJEGOŠ, 2024."


@pytest.fixture
def russian_translator(client):
    user = User.objects.create_user("translator", password="a long translator password")
    user.groups.add(Group.objects.get(name=translators_group_name("ru")))
    client.force_login(user)
    return user


def test_translator_edits_and_publishes_only_their_own_language(client, russian_translator):
    for language, allowed in (("ru", True), ("uk", False), ("en", False), ("ar", False)):
        page = guide("emergency-care", language)
        permissions = page.permissions_for_user(russian_translator)
        assert permissions.can_edit() is allowed, language
        assert permissions.can_publish() is allowed, language
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert (response.status_code == 200) is allowed, (language, response.status_code)


def test_every_translator_group_is_tied_to_its_own_language_tree():
    for code in ("sr", "ru", "uk", "ar", "fa"):
        group = Group.objects.get(name=translators_group_name(code))
        homes = {permission.page.locale.language_code for permission in group.page_permissions.all()}
        assert homes == {code}


@pytest.mark.parametrize("language", ["ru", "uk", "sr", "sr-latn"])
def test_translated_guides_leave_no_english_sentence_behind(client, language):
    """Every piece of a guide's text (headings, paragraphs, document lists,
    tips, sources) reaches the translation."""
    for source in english(GuidePage).live():
        segments = TranslationSource.objects.get_for_instance(source).stringsegment_set.select_related("string")
        sentences = {
            segment.string.data for segment in segments if len(segment.string.data) > 25 and " " in segment.string.data
        }
        body = text(soup(client.get(f"/{language}{source.url[3:]}")))
        left = [sentence for sentence in sentences if sentence in body]
        assert not left, (language, source.slug, left[:3])

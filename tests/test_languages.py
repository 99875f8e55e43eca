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
from wagtail_localize.synctree import create_aliases_for_new_page

from cultural_events.models import EventIndexPage, EventPage
from guides.models import GlossaryPage, GuidePage, Office, OfficeDirectoryPage, TopicPage
from home.models import HomePage
from languages.setup import translators_group_name
from languages.transliteration import to_latin

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
RTL = {"ar", "fa", "ps", "ur"}
HTML_LANG = {"sr-latn": "sr-Latn"}
# Translated into every language (Pashto and Urdu have six guides only).
EVERYWHERE = "/residence/registering-your-stay/"
# The guides translated into Pashto and Urdu; every other language has all.
PASHTO_AND_URDU_GUIDES = [
    "seeking-asylum",
    "registering-your-stay",
    "health-care-in-reception-centres",
    "emergency-care",
    "health-insurance-options",
    "enrolling-in-primary-school",
]
# Each language as its readers look for it in the switcher: in its own script.
OWN_NAMES = {
    "en": "English",
    "sr": "Српски",
    "sr-Latn": "Srpski",
    "ru": "Русский",
    "uk": "Українська",
    "ar": "العربية",
    "fa": "فارسی",
    "ps": "پښتو",
    "ur": "اردو",
}
ARABIC_SCRIPT = "؀-ۿ"


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


def test_the_switcher_on_a_search_leads_to_the_same_search_in_each_language(client):
    query = "?q=%D1%81%D1%82%D1%80%D0%B0%D1%85%D0%BE%D0%B2%D0%BA%D0%B0"  # страховка
    targets = switcher_targets(soup(client.get(f"/ru/search/{query}")))
    assert {code.lower(): target for code, target in targets.items()} == {
        code: f"/{code}/search/{query}" for code in LANGUAGES
    }
    assert client.get(targets["uk"]).status_code == 200


def page_type_paths():
    """An address of each kind of page a reader meets, without the language prefix."""
    return {
        "home": "/",
        "topic": english(TopicPage).get(slug="health").url[3:],
        "guide": "/health/emergency-care/",
        "office directory": english(OfficeDirectoryPage).get().url[3:],
        "glossary": english(GlossaryPage).get().url[3:],
        "events": english(EventIndexPage).get().url[3:],
        "event": english(EventPage).live().order_by("start").first().url[3:],
    }


@pytest.mark.parametrize("language", ["ps", "ur"])
def test_every_page_type_is_right_to_left_in_pashto_and_urdu(client, language):
    """Home, topic, guide, offices, glossary, events and an event: each is laid
    out right to left and says its language; what is translated reads in the
    Arabic script, and what is not (the events) is marked as English."""
    for kind, path in page_type_paths().items():
        page = soup(client.get(f"/{language}{path}"))
        html = page.find("html")
        assert (html["lang"], html["dir"]) == (language, "rtl"), kind
        heading = page.select_one(".topics li") if kind == "home" else page.h1
        if kind == "event":  # not translated into Pashto or Urdu: English, marked so
            assert page.select_one(".translation-notice"), kind
            assert heading.find_parent(attrs={"lang": "en", "dir": "ltr"}) is not None, kind
        else:
            assert re.search(f"[{ARABIC_SCRIPT}]", heading.get_text()), (kind, heading.get_text())
            assert not page.select(".translation-notice"), kind


def test_the_switcher_names_nine_languages_each_in_its_own_script(client):
    for path in ("/ur/", "/en/health/emergency-care/"):
        links = soup(client.get(path)).select(".languages a")
        named = {link["hreflang"]: link.get_text(strip=True) for link in links}
        assert named == OWN_NAMES and len(links) == 9, path
        for link in links:
            # Each name is marked with its own language and direction, so a
            # screen reader reads it in that language and it lays out right.
            code = link["hreflang"]
            assert link["lang"] == code, code
            assert link["dir"] == ("rtl" if code in RTL else "ltr"), code


def test_translated_guide_is_in_the_readers_language_and_script(client):
    cyrillic = ("ru", "uk", "sr")
    for language in (*cyrillic, "ar", "fa", "ps", "ur"):
        title_script = "Ѐ-ӿ" if language in cyrillic else ARABIC_SCRIPT
        page = soup(client.get(f"/{language}{EVERYWHERE}"))
        assert re.search(f"[{title_script}]", page.h1.get_text()), (language, page.h1.get_text())
        assert not page.select(".translation-notice"), language
    latin = soup(client.get(f"/sr-latn{EVERYWHERE}")).h1.get_text()
    cyrillic = soup(client.get(f"/sr{EVERYWHERE}")).h1.get_text()
    assert latin == to_latin(cyrillic) and latin != cyrillic


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != settings.LANGUAGE_CODE])
def test_interface_strings_come_from_the_catalogue(client, language):
    body = text(soup(client.get(f"/{language}{EVERYWHERE}")))
    with translation.override(language):
        in_short = translation.gettext("In short")
    assert in_short != "In short", f"the {language} catalogue is not compiled (manage.py compile_catalogues)"
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


@pytest.mark.parametrize("language", ["ps", "ur"])
def test_untranslated_guide_is_shown_in_the_source_with_a_notice_in_the_readers_language(client, language):
    # Pashto and Urdu have registering-your-stay but not temporary-residence.
    response = client.get(f"/{language}/residence/temporary-residence/")
    page = soup(response)
    notice = page.select_one(".translation-notice")
    assert notice is not None
    with translation.override(language):
        message = translation.gettext("This page has not been translated into this language yet.")
    assert message in text(notice) and message.isascii() is False
    # It links to the languages the guide exists in, not to stand-ins.
    links = {a["hreflang"].lower(): a["href"] for a in notice.find_all("a")}
    assert set(links) == {"en", "sr", "sr-latn", "ru", "uk", "ar", "fa"}
    assert links["ar"] == "/ar/residence/temporary-residence/"
    # The text is the English source, marked as English; the interface stays in the reader's language.
    assert page.h1.get_text() == guide("temporary-residence").title
    assert page.h1.find_parent(attrs={"lang": "en"}) is not None
    assert page.find("html")["dir"] == "rtl" and page.find("html")["lang"] == language
    canonical = page.select_one('link[rel="canonical"]')
    assert canonical["href"].endswith("/en/residence/temporary-residence/")


@pytest.mark.parametrize("language", ["ps", "ur"])
def test_a_topic_not_yet_translated_is_isolated_as_english_in_the_menu_and_cards(
    client, language, django_capture_on_commit_callbacks
):
    """Every demo topic is translated; a new English one shows on the Pashto
    and Urdu home pages in English, marked so, left to right."""
    topic = TopicPage(title="Work and money", slug="work", intro="Jobs, taxes and bank accounts.", show_in_menus=True)
    with django_capture_on_commit_callbacks(execute=True):
        english(HomePage).get().add_child(instance=topic)
        topic.save_revision().publish()
        create_aliases_for_new_page(topic)
    page = soup(client.get(f"/{language}/"))
    nav = page.find("nav", class_="site-nav").find("a", href=f"/{language}/work/")
    card = page.select_one(f'.topics a[href="/{language}/work/"]')
    for link in (nav, card):
        assert link is not None
        assert link.bdi is not None and link.bdi.get_text() == "Work and money"
        assert (link.bdi["lang"], link.bdi["dir"]) == ("en", "ltr")
    intro = card.span
    assert (intro["lang"], intro["dir"], intro.get_text()) == ("en", "ltr", "Jobs, taxes and bank accounts.")


def test_page_missing_in_a_language_is_never_a_404(client):
    for source in english(GuidePage).live():
        for language in ("ps", "ur"):
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
    for code in ("sr", "ru", "uk", "ar", "fa", "ps", "ur"):
        group = Group.objects.get(name=translators_group_name(code))
        homes = {permission.page.locale.language_code for permission in group.page_permissions.all()}
        assert homes == {code}
        codenames = {permission.permission.codename for permission in group.page_permissions.all()}
        assert {"change_page", "publish_page"} <= codenames, (code, codenames)


def test_pashto_and_urdu_translators_groups_are_named_in_their_own_script():
    """ensure_languages makes a group per language, as readers name it."""
    assert Group.objects.filter(name="Translators: پښتو").exists()
    assert Group.objects.filter(name="Translators: اردو").exists()


@pytest.mark.parametrize("language", ["ps", "ur"])
def test_a_pashto_or_urdu_translator_edits_only_their_own_language(client, language):
    user = User.objects.create_user(f"translator-{language}", password="a long translator password")
    user.groups.add(Group.objects.get(name=translators_group_name(language)))
    client.force_login(user)
    other = "ur" if language == "ps" else "ps"
    for code, allowed in ((language, True), (other, False), ("ar", False), ("en", False)):
        page = guide("emergency-care", code)
        assert page.permissions_for_user(user).can_publish() is allowed, code
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert (response.status_code == 200) is allowed, (code, response.status_code)


def guides_translated_into(language):
    if language in ("ps", "ur"):
        return [guide(key) for key in PASHTO_AND_URDU_GUIDES]
    return list(english(GuidePage).live())


@pytest.mark.parametrize("language", ["ru", "uk", "sr", "sr-latn", "ar", "fa", "ps", "ur"])
def test_translated_guides_leave_no_english_sentence_behind(client, language):
    """Every piece of a guide's text (headings, paragraphs, document lists,
    tips, sources) reaches the translation."""
    for source in guides_translated_into(language):
        segments = TranslationSource.objects.get_for_instance(source).stringsegment_set.select_related("string")
        sentences = {
            segment.string.data for segment in segments if len(segment.string.data) > 25 and " " in segment.string.data
        }
        body = text(soup(client.get(f"/{language}{source.url[3:]}")))
        left = [sentence for sentence in sentences if sentence in body]
        assert not left, (language, source.slug, left[:3])

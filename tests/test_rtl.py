"""Right-to-left pages (Arabic, Farsi, Pashto, Urdu) that read correctly
(issue 15): phone numbers, dates, abbreviations and Latin names inside
Arabic script isolated in the HTML itself, so they keep their order and
their punctuation without a stylesheet; English pages unchanged; and a
font per script, Nastaliq first for Urdu."""

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from guides.models import GuidePage
from languages.rich_text import has_rtl_letter, isolate_ltr_runs

from .helpers import soup, text

GUIDE = "/health/emergency-care/"
CSS = Path(__file__).resolve().parent.parent / "base" / "static" / "css" / "putokaz.css"


def isolated(element):
    """The element, or one it sits in, is laid out left to right and
    isolated from the right-to-left text around it (<bdi dir=ltr> or an
    element with dir=ltr)."""
    return any(node.get("dir") == "ltr" for node in [element, *element.parents] if node.name not in (None, "html"))


def in_bdi(page, words):
    """The <bdi dir="ltr"> elements whose whole text is `words`."""
    return [bdi for bdi in page.select("bdi[dir=ltr]") if bdi.get_text() == words]


# The guide pages, as readers get them


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "ur"])
def test_latin_names_inside_arabic_script_step_text_are_isolated(client, language):
    page = soup(client.get(f"/{language}{GUIDE}"))
    body = page.select_one("#step-1 .step-body")
    # "... («Hitna pomoć») ... (dom zdravlja) ...": the Serbian names, not
    # their brackets, left to right.
    for name in ("Hitna pomoć", "dom zdravlja"):
        [bdi] = [bdi for bdi in body.select("bdi[dir=ltr]") if bdi.get_text() == name]
        assert bdi.previous_sibling.endswith(("(", "«")) and bdi.next_sibling.startswith((")", "»")), name
    # The step's text reads as before, letter for letter.
    assert "(dom zdravlja)" in body.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "ur"])
def test_a_latin_abbreviation_in_arabic_script_is_isolated_and_still_explained(client, language):
    page = soup(client.get(f"/{language}{GUIDE}"))
    marked = page.select("main abbr")
    assert marked and all(isolated(abbr) for abbr in marked if re.fullmatch(r"[A-Za-z]+", abbr.get_text()))
    # The printout's explanation still follows the abbreviation it explains,
    # with the Serbian name in it isolated in turn.
    rfzo = page.find("abbr", string="RFZO")
    expansion = rfzo.find_next_sibling()
    assert "print-only" in expansion["class"]
    assert any(bdi.get_text() == "Republički fond za zdravstveno osiguranje" for bdi in expansion.select("bdi"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "ur"])
def test_phone_numbers_on_a_right_to_left_page_are_left_to_right(client, language):
    guide = soup(client.get(f"/{language}{GUIDE}"))
    phones = guide.select('main a[href^="tel:"]')
    assert phones and all(phone["dir"] == "ltr" for phone in phones)
    footer = guide.select_one(".site-footer")
    for number in ("192", "194", "193"):
        assert in_bdi(footer, number), number
    home = soup(client.get(f"/{language}/"))
    numbers = home.select(".emergency .number")
    assert [number.get_text() for number in numbers] == ["112", "192", "194", "193"]
    assert all(isolated(number) for number in numbers)
    directory = soup(client.get(f"/{language}/offices/"))
    # Numbers and web addresses shown as they are read left to right; a link
    # named in words ("Open in OpenStreetMap") follows the page.
    links = directory.select('a[href^="tel:"], .facts a[href^="http"]')
    shown_as_address = [link for link in links if link["href"].startswith("tel:") or link.get_text() == link["href"]]
    assert shown_as_address and all(link["dir"] == "ltr" for link in shown_as_address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fa", "ur"])
def test_dates_are_isolated_in_the_direction_of_their_own_words(client, language):
    """A date written with the language's month names reads right to left,
    one with Latin ones left to right; either way it is a unit that the
    text around it cannot pull apart (dir=auto isolates)."""
    page = soup(client.get(f"/{language}{GUIDE}"))
    dates = page.select("main time")
    assert dates and all(date["dir"] == "auto" for date in dates)
    events = soup(client.get(f"/{language}/events/"))
    assert all(date["dir"] == "auto" for date in events.select(".event-list time"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fa", "ps", "ur"])
def test_dates_and_times_are_written_in_the_readers_language_day_first(client, language):
    """No English month or "p.m." on a right-to-left page (Django has no
    Pashto formats or month names; its Arabic and Urdu ones had no date with
    time), and the day comes first, as the language writes it."""
    guide = soup(client.get(f"/{language}{GUIDE}")).select("main time")
    events = soup(client.get(f"/{language}/events/")).select(".event-list time")
    assert guide and events
    for date in guide + events:
        written = date.get_text(strip=True)
        assert not re.search("[A-Za-z]", written), written
        assert re.match(rf"{int(date['datetime'][8:10])}\D", written), written


@pytest.mark.django_db
def test_latin_names_on_an_arabic_event_are_isolated(client):
    from cultural_events.models import EventPage

    event = EventPage.objects.get(locale__language_code="ar", organiser__contains="Drvo Art")
    page = soup(client.get(event.url))
    [organiser] = [dd for dd in page.select(".event-detail .facts dd") if "Drvo Art" in dd.get_text()]
    assert in_bdi(organiser, "Drvo Art") and "«Drvo Art»" in organiser.get_text()


@pytest.mark.django_db
def test_an_english_page_gets_no_isolation_of_its_own_text(client):
    page = soup(client.get(f"/en{GUIDE}"))
    article = page.select_one("article.guide")
    assert "Hitna pomoć" in text(article) and article.find("abbr", string="RFZO")
    assert not article.select("bdi") and not article.select("abbr[dir], .step-body [dir]")


@pytest.mark.django_db
def test_an_english_part_of_an_urdu_page_is_left_as_it_is(client):
    """A guide not yet translated shows its English text on the Urdu site:
    nothing inside it is wrapped."""
    untranslated = GuidePage.objects.filter(locale__language_code="ur", alias_of__isnull=False).first()
    page = soup(client.get(untranslated.url))
    english = page.select_one("main div[lang=en]")
    assert english is not None and english.select(".step-body")
    assert not english.select(".step-body bdi, .step-body [dir]")


# The isolation itself


def isolate(value, language="ar", rich=False):
    """The filter as a template applies it: plain text is escaped first,
    rich text (already safe) is not."""
    if rich:
        value = mark_safe(value)  # noqa: S308 (the test's own markup)
    with translation.override(language):
        return Template("{% load languages %}{{ value|isolate_ltr_runs }}").render(Context({"value": value}))


def test_runs_of_latin_words_and_numbers_are_isolated_whole():
    assert isolate("اتصل على +381 11 123 4567 من 08:00–15:00") == (
        'اتصل على <bdi dir="ltr">+381 11 123 4567</bdi> من <bdi dir="ltr">08:00–15:00</bdi>'
    )
    # A sentence's full stop stays in the Arabic sentence; a lone number
    # needs nothing.
    assert isolate("فرع RFZO. اتصل 194") == 'فرع <bdi dir="ltr">RFZO</bdi>. اتصل 194'
    # Plain text is escaped first, and its entities are never cut.
    assert isolate("O'Brien & <مرحبا>") == '<bdi dir="ltr">O&#x27;Brien</bdi> &amp; &lt;مرحبا&gt;'


def test_links_and_markup_are_kept_and_a_run_may_span_a_link():
    html = '<p>راجع <a href="https://rfzo.rs/?a=1&amp;b=2">www.rfzo.rs</a> أو <a href="/x">dom</a> zdravlja اليوم</p>'
    assert isolate(html, rich=True) == (
        '<p>راجع <a href="https://rfzo.rs/?a=1&amp;b=2" dir="ltr">www.rfzo.rs</a> أو '
        '<bdi dir="ltr"><a href="/x">dom</a> zdravlja</bdi> اليوم</p>'
    )
    # A link holding Arabic and Latin: the Latin inside it is isolated.
    assert (
        isolate('<p>في <a href="/x">فرع RFZO</a></p>', rich=True)
        == '<p>في <a href="/x">فرع <bdi dir="ltr">RFZO</bdi></a></p>'
    )


def test_left_to_right_pages_and_paragraphs_are_unchanged():
    assert isolate("Call +381 11 123 4567 (dom zdravlja)", language="en") == "Call +381 11 123 4567 (dom zdravlja)"
    html = "<p>مركز صحي (dom zdravlja)</p><p>Health centre (dom zdravlja)</p>"
    assert isolate(html, rich=True).endswith("<p>Health centre (dom zdravlja)</p>")
    # Markup whose tags do not nest is left alone rather than made worse.
    assert isolate("<p>مرحبا <b>RFZO</i></p>", rich=True) == "<p>مرحبا <b>RFZO</i></p>"


def test_every_right_to_left_letter_starts_isolation_whatever_its_script():
    """Isolation starts at a right-to-left letter of any script, found by the
    blocks Unicode gives them: a Syriac, Thaana or N'Ko line with a Latin name
    is isolated as an Arabic one is."""
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    assert [c for c in every if has_rtl_letter(c)] == [c for c in every if right_to_left(c)]
    assert not has_rtl_letter("Dom zdravlja \U0001f600 RFZO") and has_rtl_letter("RFZO \U0001e900")
    for letter in ("\u0710", "\u0780", "\u07ca", "\U0001e900"):  # Syriac, Thaana, N'Ko, Adlam
        assert isolate(f"{letter * 3} RFZO") == f'{letter * 3} <bdi dir="ltr">RFZO</bdi>'


ARABIC_WORDS = st.sampled_from(["مركز", "صحي", "اتصل", "بالرقم", "فرع", "ہیلتھ", "کارڈ"])
LATIN_WORDS = st.sampled_from(
    ["RFZO", "dom", "zdravlja", "Hitna", "pomoć", "194", "+381", "11", "08:00–15:00", "e-mail"]
)
MARKS = st.sampled_from([" ", " ", "(", ")", "«", "»", "، ", ". ", ": ", "&amp;", "&#x27;", "-"])


@st.composite
def step_texts(draw):
    """Sanitised step text: words in both scripts, punctuation and inline
    markup (a link, strong, abbr) in paragraphs."""
    words = st.one_of(ARABIC_WORDS, LATIN_WORDS, MARKS)
    paragraphs = []
    for _ in range(draw(st.integers(1, 3))):
        parts = []
        for _ in range(draw(st.integers(1, 12))):
            inner = "".join(draw(st.lists(words, min_size=1, max_size=4)))
            tag = draw(st.sampled_from([None, None, "a", "strong", "abbr"]))
            attrs = {"a": ' href="/x?a=1&amp;b=2"', "abbr": ' title="RFZO"'}.get(tag, "")
            parts.append(f"<{tag}{attrs}>{inner}</{tag}>" if tag else inner)
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return "".join(paragraphs)


def right_to_left(words):
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in words)


@settings(deadline=None)
@given(step_texts())
def test_isolation_only_adds_bdi_and_dir_and_keeps_the_markup_nested(html):
    isolated_html = isolate_ltr_runs(html)
    # Take away what isolation adds: the reader's text and links are as written.
    assert re.sub(r'<bdi dir="ltr">|</bdi>| dir="ltr"', "", isolated_html) == html
    # Every tag still nests, so the page stays valid HTML.
    stack = []
    for closing, name in re.findall(r"<(/?)([a-z]+)", isolated_html):
        if closing:
            assert stack.pop() == name, isolated_html
        else:
            stack.append(name)
    assert stack == []
    # No Latin letter in a paragraph with Arabic script is left outside an isolate.
    for paragraph in BeautifulSoup(isolated_html, "html.parser").select("p"):
        for string in paragraph.find_all(string=True):
            if not isolated(string.parent) and re.search(r"[A-Za-zć]", string):
                assert not right_to_left(paragraph.get_text()), (string, isolated_html)


# In the browser: without the stylesheet, and with it


# Where each character of the paragraph is laid out, in reading order.
LAID_OUT = """html => {
  document.body.innerHTML = html;
  const walker = document.createTreeWalker(document.querySelector('p'), NodeFilter.SHOW_TEXT);
  const characters = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      characters.push([node.data[i], range.getBoundingClientRect().x]);
    }
  }
  return characters;
}"""


def left_to_right(characters, words):
    """`words` (found in the laid out characters) read left to right."""
    written = "".join(character for character, _ in characters)
    start = written.index(words)
    xs = [x for character, x in characters[start : start + len(words)] if character != " "]
    return xs == sorted(xs)


@pytest.mark.browser
def test_a_phone_number_and_opening_hours_in_arabic_text_read_left_to_right(page):
    """Chromium with no stylesheet: without isolation the groups of a phone
    number in Arabic text come out in reverse order; with it, as written."""
    page.set_content('<!DOCTYPE html><html lang="ar" dir="rtl"><body></body></html>')
    sentence = "<p>اتصل على +381 11 306 4567 من 08:00–15:00 كل يوم</p>"
    # Without isolation: "4567 306 11 381+", the reason for isolating.
    assert not left_to_right(page.evaluate(LAID_OUT, sentence), "+381 11 306 4567")
    laid_out = page.evaluate(LAID_OUT, isolate_ltr_runs(sentence))
    assert left_to_right(laid_out, "+381 11 306 4567") and left_to_right(laid_out, "08:00–15:00")


@pytest.mark.browser
def test_urdu_is_set_in_nastaliq_with_taller_lines_and_english_in_it_in_latin(page):
    page.set_content(
        '<!DOCTYPE html><html lang="ur" dir="rtl"><body><p id="urdu">ہنگامی طبی امداد</p>'
        '<div lang="en" dir="ltr"><p id="english">Emergency care</p></div></body></html>'
    )
    page.add_style_tag(content=CSS.read_text())
    style = page.evaluate("""() => Object.fromEntries(['urdu', 'english'].map(id => {
      const style = getComputedStyle(document.getElementById(id));
      return [id, {font: style.fontFamily, line: parseFloat(style.lineHeight) / parseFloat(style.fontSize)}];
    }))""")
    assert style["urdu"]["font"].startswith('"Noto Nastaliq Urdu"')
    assert style["english"]["font"].startswith("system-ui")
    assert style["urdu"]["line"] >= 2 > style["english"]["line"]
    for language in ("ar", "fa", "ps"):
        page.set_content(f'<!DOCTYPE html><html lang="{language}" dir="rtl"><body><p>متن</p></body></html>')
        page.add_style_tag(content=CSS.read_text())
        font = page.evaluate("getComputedStyle(document.querySelector('p')).fontFamily")
        assert "Nastaliq" not in font and "Arabic" in font, language

"""A reader in headless Chromium on the production-configured portal
(conftest.portal_url): text in another language on right-to-left pages, a
phone of 320 px, the language switcher, and printing (issue 12, items 9,
13 and 15)."""

import pytest

pytestmark = pytest.mark.browser

# The first and last character of an element's text as laid out: in an
# isolated left-to-right title the closing quote stays at the right end; left
# to the right-to-left paragraph around it, it jumps to the left end.
ENDS = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
  const first = nodes[0], last = nodes[nodes.length - 1];
  const box = (node, at) => { const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 1); return range.getBoundingClientRect(); };
  const start = first.data.search(/\\S/), end = last.data.trimEnd().length - 1;
  return {first: first.data[start], last: last.data[end], firstX: box(first, start).x, lastX: box(last, end).x};
}"""


def isolated_in_english(locator):
    """The element, or the element it sits in, says its text is English and
    left to right (lang and dir, or a <bdi> with them)."""
    return locator.evaluate("""element => {
      const marked = element.closest('[lang]');
      return marked !== null && marked !== document.documentElement && marked.lang === 'en' && marked.dir === 'ltr';
    }""")


def test_english_fallback_titles_on_a_pashto_page_keep_their_punctuation(portal_url, page):
    """Pashto has six guides and no events of its own: their English titles
    sit in right-to-left pages. (That a topic not yet translated is isolated
    in the menu and the cards: tests/test_languages.py.)"""
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(portal_url + "/ps/")
    event = page.locator(".event-list h3 a", has_text="A Story of a Woman")
    assert isolated_in_english(event.locator("bdi"))
    # The topics are translated: Pashto, not isolated.
    assert not isolated_in_english(page.locator(".topics a strong").first)
    # Online photo exhibition "A Story of a Woman": read left to right, the
    # closing quote last, at the right end.
    ends = event.evaluate(ENDS)
    assert ends["first"] == "O" and ends["last"] == '"'
    assert ends["lastX"] > ends["firstX"]

    page.goto(portal_url + "/ps/culture/cultural-life/")
    crumbs = page.locator(".breadcrumbs li")
    assert isolated_in_english(crumbs.last.locator("bdi"))
    # The home and topic crumbs and the notice are Pashto.
    assert not isolated_in_english(crumbs.first.locator("a"))
    assert not isolated_in_english(crumbs.nth(1).locator("a"))
    assert not isolated_in_english(page.locator(".translation-notice p").first)

    page.goto(portal_url + "/ps/culture/")
    assert isolated_in_english(page.locator(".guide-list h2 a bdi").first)
    page.goto(portal_url + "/ps/events/")
    assert isolated_in_english(page.locator(".event-list h3 a bdi").first)
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "/en/offices/",
        "/en/education/enrolling-in-primary-school/",
        "/ar/offices/",
        "/ru/residence/seeking-asylum/",
        "/ur/health/emergency-care/",
        "/ps/offices/",
    ],
)
def test_no_sideways_scrolling_at_320_pixels(portal_url, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(portal_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_language_switcher_keeps_the_step(portal_url, page):
    page.goto(portal_url + "/en/health/emergency-care/#step-3")
    page.locator(".languages summary").click()
    page.locator(".languages a", has_text="Русский").click()
    page.wait_for_url("**/ru/health/emergency-care/#step-3")
    assert page.evaluate("document.querySelector(':target').id") == "step-3"
    assert page.locator("#step-3").bounding_box()["y"] < 740
    assert page.console_errors == []


def test_the_language_switcher_closes_on_escape_and_on_a_click_elsewhere(portal_url, page):
    page.goto(portal_url + "/uk/health/")
    menu, summary = page.locator("details.languages"), page.locator(".languages summary")
    summary.click()
    assert menu.evaluate("menu => menu.open")
    page.keyboard.press("Escape")
    assert not menu.evaluate("menu => menu.open")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    summary.click()
    page.mouse.click(10, 700)  # below the open menu, on the page
    assert not menu.evaluate("menu => menu.open")
    # A click inside the open menu leaves it open.
    summary.click()
    page.locator(".languages ul").click(position={"x": 2, "y": 2})
    assert menu.evaluate("menu => menu.open")
    assert page.console_errors == []


def test_a_printed_guide_has_no_feedback_buttons_and_says_where_it_came_from(portal_url, page):
    page.goto(portal_url + "/en/residence/seeking-asylum/")
    page.emulate_media(media="print")
    assert not page.locator(".feedback").is_visible()
    assert page.locator(".printed-from").is_visible()
    assert "/en/residence/seeking-asylum/" in page.locator(".printed-from").inner_text()
    # Abbreviations are written out by the page, once, not by the stylesheet.
    after = page.locator("main abbr").evaluate_all("els => els.map(e => getComputedStyle(e, '::after').content)")
    assert set(after) <= {"none", "normal"}, set(after)
    printed = page.locator("main").inner_text()
    assert printed.count("United Nations High Commissioner for Refugees") >= 1
    assert "(MoI (" not in printed and "((" not in printed
    page.emulate_media(media="screen")
    assert not page.locator(".printed-from").is_visible()
    assert not page.locator("main .print-only").first.is_visible()

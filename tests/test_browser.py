"""A reader in headless Chromium (Debian's, driven by Playwright) on the
portal served by gunicorn with production settings (conftest.portal_url)."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_reader_goes_from_home_to_a_topic_to_a_guide_step(portal_url, page):
    page.goto(portal_url + "/")
    assert page.locator("h1").inner_text() == "Find out what to do in Serbia, step by step"

    page.locator(".topics a", has_text="Health").click()
    page.wait_for_url("**/health/")
    assert page.locator("h1").inner_text() == "Health"

    page.locator(".guide-list a", has_text="emergency").first.click()
    page.wait_for_url("**/health/emergency-care/")

    overview = page.locator(".step-overview a")
    assert overview.count() >= 3
    overview.nth(1).click()
    page.wait_for_url("**/health/emergency-care/#step-2")
    step = page.locator("#step-2")
    assert step.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "step-2"
    # The step is scrolled into view on a phone-sized screen.
    box = step.bounding_box()
    assert 0 <= box["y"] < 740

    assert page.console_errors == []


def test_guide_is_readable_at_320_pixels_without_sideways_scrolling(portal_url, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(portal_url + "/en/residence/registering-your-stay/")
    assert page.locator(".step").count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def artifacts_folder(tmp_path):
    folder = Path(os.environ.get("TEST_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


LANGUAGES = ["en", "sr", "sr-latn", "ru", "uk", "ar", "fa", "ps", "ur"]


@pytest.mark.parametrize("javascript", [False, True])
@pytest.mark.parametrize("language", ["ru", "ar"])
def test_on_a_phone_the_menu_opens_and_closes_with_or_without_javascript(portal_url, browser, language, javascript):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(portal_url + f"/{language}/health/emergency-care/")
    sections = page.locator(".menu .site-nav")
    assert not sections.is_visible() and not page.locator(".wide-only .site-nav").is_visible()
    page.locator(".menu summary").click()
    assert sections.is_visible()
    # The section the reader is in is marked.
    current = sections.locator("a[aria-current]")
    assert current.count() == 1 and current.get_attribute("href") == f"/{language}/health/"
    page.locator(".menu summary").click()
    assert not sections.is_visible()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_shows_every_topic_above_the_fold_on_a_phone(portal_url, browser, language):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(portal_url + f"/{language}/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 130, header
    topics = page.locator(".topics li")
    assert topics.count() == 4
    bottoms = [topics.nth(i).bounding_box() for i in range(4)]
    assert max(box["y"] + box["height"] for box in bottoms) <= 740, bottoms
    context.close()


PLACEHOLDER_AND_ROOM = """() => {
    const input = document.querySelector("#site-search");
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [context.measureText(input.placeholder).width, room];
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_fits_every_language_at_320_pixels(portal_url, browser, language):
    """Two rows at most, and the search box shows its whole placeholder
    ("Поиск по инструкциям" is the longest)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(portal_url + f"/{language}/")
    assert page.locator(".site-header").bounding_box()["height"] <= 130
    text, room = page.evaluate(PLACEHOLDER_AND_ROOM)
    assert text <= room, (text, room)
    # The button shows only its magnifier here, and keeps its name for screen readers.
    assert page.locator(".search-label").text_content().strip()
    context.close()


PAGE_TYPES = [
    "/",
    "/health/",
    "/health/emergency-care/",
    "/events/",
    "/offices/",
    "/glossary/",
    "/search/?q=insurance",
    "/privacy/",
]


@pytest.mark.parametrize("language", ["en", "ru", "uk", "ar", "ur"])
def test_no_page_scrolls_sideways_at_320_pixels(portal_url, browser, language):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for path in PAGE_TYPES:
        page.goto(portal_url + f"/{language}{path}")
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wide.append(path)
    page.goto(portal_url + f"/{language}/events/")
    event = page.locator("main .event a").first.get_attribute("href")
    page.goto(portal_url + event)
    if page.evaluate("document.documentElement.scrollWidth") > 320:
        wide.append(event)
    assert wide == []
    context.close()


@pytest.mark.parametrize("language", ["en", "ru", "ar", "ur"])
def test_screenshots_of_home_topic_and_guide_on_a_phone_and_a_desktop(portal_url, browser, tmp_path, language):
    """For the next reviewer to compare designs (TEST_ARTIFACTS keeps them)."""
    folder = artifacts_folder(tmp_path)
    for width, height in ((360, 740), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for name, path in (("home", "/"), ("topic", "/health/"), ("guide", "/health/emergency-care/")):
            page.goto(portal_url + f"/{language}{path}")
            shot = folder / f"{name}-{language}-{width}x{height}.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 0
        context.close()


def step_contents(page):
    contents = page.locator(".step-content")
    return [contents.nth(i).is_visible() for i in range(contents.count())]


def test_with_script_the_steps_fold_to_their_headings_and_open_one_or_all(portal_url, page):
    page.goto(portal_url + "/ru/health/emergency-care/")
    assert not any(step_contents(page))
    toggle = page.locator("#step-2 .step-toggle")
    toggle.click()
    assert step_contents(page)[1] and not step_contents(page)[0]
    assert toggle.get_attribute("aria-expanded") == "true"

    show_all = page.locator(".show-all")
    assert show_all.inner_text() == "Показать все шаги"
    show_all.click()
    assert all(step_contents(page)) and show_all.inner_text() == "Скрыть все шаги"
    show_all.click()
    assert not any(step_contents(page))

    # A link to a step (the overview, a search result) opens that step.
    page.locator(".step-overview a").nth(2).click()
    assert step_contents(page)[2] and sum(step_contents(page)) == 1
    # On paper every step is there.
    page.emulate_media(media="print")
    assert all(step_contents(page))
    assert page.console_errors == []


def test_without_script_every_step_is_open_and_nothing_to_unfold(portal_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_url + "/ur/health/emergency-care/")
    assert all(step_contents(page)) and len(step_contents(page)) >= 3
    assert page.locator(".show-all, .step-toggle").count() == 0
    context.close()


def test_keyboard_user_reaches_content_with_the_skip_link(portal_url, page):
    page.goto(portal_url + "/en/health/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("language", ["ar", "fa", "ps", "ur"])
def test_a_right_to_left_guide_lays_out_right_to_left(portal_url, page, tmp_path, language):
    page.goto(portal_url + f"/{language}/residence/registering-your-stay/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    page.screenshot(path=str(artifacts_folder(tmp_path) / f"guide-{language}.png"), full_page=True)

    width = page.viewport_size["width"]
    heading = page.locator("h1").bounding_box()
    # Right to left: the heading hugs the right edge, the step number sits at
    # the start (right) of its heading, and the brand is on the right.
    assert width - (heading["x"] + heading["width"]) < 24
    number = page.locator("#step-1 .step-number").bounding_box()
    step_heading = page.locator("#step-1 h2").bounding_box()
    assert number["x"] + number["width"] > step_heading["x"] + step_heading["width"] - 40
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > width / 2
    # Latin abbreviations and numbers inside the Arabic-script text stay readable.
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.console_errors == []


def first_load(browser, url):
    """Bytes on the wire (compressed, with headers) for every resource of a
    first visit, as Chromium counts them, and the resource types."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes, types = {}, {}
    cdp.on("Network.responseReceived", lambda event: types.__setitem__(event["requestId"], event["type"]))
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    context.close()
    return sum(sizes.values()), [types.get(request) for request in sizes]


@pytest.mark.parametrize(
    "path",
    ["/ru/health/emergency-care/", "/ar/residence/seeking-asylum/", "/uk/", "/ur/health/emergency-care/", "/ps/"],
)
def test_first_load_of_a_page_stays_under_60_kb_with_one_small_script(portal_url, browser, path):
    total, types = first_load(browser, portal_url + path)
    assert total < 60_000, f"{total} bytes for {path}: {types}"
    # Small deferred scripts only: the header menus' and the steps'
    # (base/static/js/putokaz.js), offline reading's (offline/offline.js)
    # and, on a guide, the checklist's (guides/static/guides/checklist.js).
    assert types.count("Script") <= (3 if "/health/" in path or "/residence/" in path else 2) and "Font" not in types


def test_a_guide_can_be_read_with_javascript_off(portal_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_url + "/uk/health/emergency-care/")
    assert page.locator("#step-1").is_visible() and page.locator(".step-overview a").count() >= 3
    context.close()


# The guide in every language, right to left and left to right, the Pashto
# and Urdu home pages, and pages about Putokaz (headings, lists).
AXE_PAGES = [
    f"/{language}/health/emergency-care/" for language in ("en", "sr", "sr-latn", "ru", "uk", "ar", "fa", "ps", "ur")
] + ["/ps/", "/ur/", "/ar/about/", "/ur/privacy/", "/en/accessibility/", "/fa/health/", "/ar/saved/", "/ru/offline/"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_pages_pass_axe_accessibility_checks_in_every_language(portal_url, page, path):
    """axe-core's WCAG 2.1 A and AA rules (contrast, names, lang, landmarks),
    run in Chromium on the page as a reader gets it."""
    axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python (the test extras) is not installed"
    )
    page.goto(portal_url + path)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    results = axe.Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
    violations = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
    ]
    assert violations == [], path

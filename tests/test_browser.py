"""A reader in headless Chromium (Debian's, driven by Playwright) on the
portal served by gunicorn with production settings (conftest.portal_url)."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_reader_goes_from_home_to_a_topic_to_a_guide_step(portal_url, page):
    page.goto(portal_url + "/")
    assert page.locator("h1").inner_text() == "Putokaz"

    page.locator(".cards a", has_text="Health").click()
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
    artifacts = Path(os.environ.get("TEST_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / f"guide-{language}.png"), full_page=True)

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
    # One small script at most: the language switcher's (base/static/js/languages.js).
    assert types.count("Script") <= 1 and "Font" not in types


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
] + ["/ps/", "/ur/", "/ar/about/", "/ur/privacy/", "/en/accessibility/"]


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

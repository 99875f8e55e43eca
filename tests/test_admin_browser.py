"""An administrator works in the admin of the production-like portal
(portal_url), in headless Chromium: searching, marking a guide reviewed,
previewing a guide, deleting one.

Sign-in goes through the admin's form, as django-axes expects. The portal's
cookies are Secure (production settings) and it is served over plain http:
Chromium keeps Secure cookies for http://127.0.0.1 (a "potentially
trustworthy" origin), so nothing needs relaxing."""

import json
import urllib.error
import urllib.request

import pytest

from .helpers import portal_manage

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "nina", "a long password for the browser tests"
RECOVERY_CODES = [f"nina{number:04d}" for number in range(50)]
UNUSED_CODES = iter(RECOVERY_CODES)


def portal_pages(env, *slugs):
    """{slug: page id} of English pages in the portal."""
    code = (
        "import json; from wagtail.models import Page; "
        f"print(json.dumps({{p.slug: p.pk for p in Page.objects.filter(slug__in={list(slugs)!r}, locale__language_code='en')}}))"
    )
    return json.loads(portal_manage(env, code).strip().splitlines()[-1])


def status(url):
    """A reader's answer, past the full-page cache (a query string skips it):
    each gunicorn worker keeps its own cache without Redis."""
    try:
        return urllib.request.urlopen(f"{url}?fresh", timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def portal_admin(portal_env, portal_url):
    portal_manage(
        portal_env,
        "from django.contrib.auth.models import User; "
        f"User.objects.filter(username={USERNAME!r}).exists() or "
        f"User.objects.create_superuser({USERNAME!r}, 'nina@example.org', {PASSWORD!r}, first_name='Nina', last_name='Admin')",
    )
    # An administrator signs in in two steps: a recovery code (one per
    # sign-in) stands for her authenticator app (tests/test_sign_in.py).
    portal_manage(
        portal_env,
        "from django.contrib.auth.models import User; from django_otp.plugins.otp_static.models import StaticDevice; "
        f"device, _ = StaticDevice.objects.get_or_create(user=User.objects.get(username={USERNAME!r}), name='tests'); "
        f"device.token_set.all().delete(); [device.token_set.create(token=code) for code in {RECOVERY_CODES!r}]",
    )
    return portal_url


@pytest.fixture
def admin(browser, portal_admin):
    """A desktop browser signed in to the portal's admin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=portal_admin)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto("/admin/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.fill("#id_code", next(UNUSED_CODES))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def policy_errors(page):
    return [
        error
        for error in page.console_errors
        if "Content Security Policy" in error or "Content-Security-Policy" in error
    ]


def test_the_dashboard_search_finds_pages(admin):
    admin.locator("#id_q").fill("insurance")
    admin.keyboard.press("Enter")
    admin.get_by_role("link", name="Health insurance for foreigners: your four options").first.wait_for()
    assert "Server Error" not in admin.content()
    assert not policy_errors(admin), admin.console_errors


def test_confirm_still_correct_says_so(admin, portal_env):
    ids = portal_pages(portal_env, "health-care-in-reception-centres")
    admin.goto(f"/admin/pages/{ids['health-care-in-reception-centres']}/edit/")
    admin.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    admin.get_by_role("link", name="Confirm still correct").click()
    admin.get_by_role("button", name="Confirm still correct").click()
    admin.get_by_text("is marked as reviewed today").wait_for()
    assert "/edit/" in admin.url
    assert "403" not in admin.title()


def test_the_preview_panel_shows_the_guide(admin, portal_env):
    ids = portal_pages(portal_env, "emergency-care")
    admin.goto(f"/admin/pages/{ids['emergency-care']}/edit/")
    admin.locator('[data-side-panel-toggle="preview"]').click()
    frame = admin.frame_locator("#w-preview-iframe")
    frame.get_by_role("heading", level=1).wait_for()
    assert "Emergency medical help" in frame.get_by_role("heading", level=1).inner_text()
    admin.goto("/admin/")  # and the dashboard, with the account's avatar
    assert not policy_errors(admin), admin.console_errors
    avatar = admin.locator(".avatar img").first
    assert "gravatar" not in (avatar.get_attribute("src") or "")


def test_deleting_an_english_guide_takes_its_stand_ins_along(admin, portal_env, portal_url):
    create = (
        "from guides.models import GuidePage, TopicPage; "
        "from wagtail_localize.synctree import create_aliases_for_new_page; "
        "topic = TopicPage.objects.get(slug='health', locale__language_code='en'); "
        "guide = GuidePage(title='Dental care for newcomers', slug='dental-care', summary='Where to see a dentist.', "
        "steps=[{'type': 'step', 'value': {'heading': 'Find a dentist', 'body': '<p>Ask at the health centre.</p>'}}]); "
        "topic.add_child(instance=guide); guide.save_revision().publish(); create_aliases_for_new_page(guide); "
        "print(guide.pk)"
    )
    guide_id = int(portal_manage(portal_env, create).strip().splitlines()[-1])
    assert status(f"{portal_url}/ar/health/dental-care/") == 200  # a stand-in shows the English guide

    admin.goto(f"/admin/pages/{guide_id}/delete/")
    admin.get_by_role("button", name="Yes, delete it").click()
    admin.get_by_text("deleted").first.wait_for()
    assert status(f"{portal_url}/ar/health/dental-care/") == 404

    # The same guide again gets the plain address in every language.
    portal_manage(portal_env, create)
    assert status(f"{portal_url}/ru/health/dental-care/") == 200
    assert status(f"{portal_url}/fa/health/dental-care/") == 200
    assert status(f"{portal_url}/ru/health/dental-care-1/") == 404

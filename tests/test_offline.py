"""Putokaz in the pocket (issue 18), in headless Chromium against the
production-configured portal: a reader's pages kept by the service worker
and read without a network, a topic saved for offline, the steps ticked as
done, and everything cleared from one place."""

import json
import time
import urllib.request

import pytest
from django.conf import settings

from .conftest import free_port, running_portal
from .helpers import portal_manage

pytestmark = pytest.mark.browser

GUIDE = "/en/health/emergency-care/"
RUSSIAN_GUIDE = "/ru/health/emergency-care/"
TOPIC = "/en/health/"

INDEX = """() => caches.open('putokaz-meta')
  .then(cache => cache.match('/offline-index.json'))
  .then(response => response ? response.json() : {pages: {}, topics: {}})"""


def own_portal(portal_env, folder, demo_database, **environment):
    """A production-configured portal of this module's own, in `folder`."""
    env = {
        **portal_env,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PORT": str(free_port()),
        **environment,
    }
    return env, running_portal(env, demo_database)


@pytest.fixture(scope="module")
def portal(portal_env, tmp_path_factory, demo_database):
    """Without the page cache, so that a guide published from outside
    (`manage.py`) is new at once."""
    folder = tmp_path_factory.mktemp("offline-portal")
    env, running = own_portal(portal_env, folder, demo_database, PAGE_CACHE_SECONDS="0")
    with running as url:
        yield url, env


@pytest.fixture(scope="module")
def small_portal(portal_env, tmp_path_factory, demo_database):
    """A portal whose readers' phones keep about three guides (70 KB)."""
    folder = tmp_path_factory.mktemp("small-offline-portal")
    _, running = own_portal(portal_env, folder, demo_database, OFFLINE_STORAGE_MB="0.07")
    with running as url:
        yield url


@pytest.fixture
def reader(page):
    """A phone-sized browser of its own (conftest's `page`): what one
    reader's browser keeps."""
    return page


def index(page):
    return page.evaluate(INDEX)


def wait_until(check, what, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


def open_and_keep(page, url):
    """Open a page and wait until the worker has kept it."""
    page.goto(url)
    wait_until(lambda: url in index(page)["pages"], f"{url} to be kept")


def test_a_guide_read_once_opens_offline_with_its_stylesheet(portal, reader):
    base, _ = portal
    open_and_keep(reader, base + GUIDE)
    title = reader.locator("h1").inner_text()
    reader.context.set_offline(True)
    reader.reload()
    assert reader.locator("h1").inner_text() == title
    # The stylesheet came too: the header has the brand's colour.
    colour = reader.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert colour == "rgb(11, 92, 122)"
    assert reader.console_errors == []


def test_a_page_never_opened_gives_the_offline_page_in_the_readers_language(portal, reader):
    base, _ = portal
    open_and_keep(reader, base + RUSSIAN_GUIDE)
    kept_title = reader.locator("h1").inner_text()
    reader.context.set_offline(True)
    reader.goto(base + "/ru/education/enrolling-in-primary-school/")
    assert reader.evaluate("document.documentElement.lang") == "ru"
    assert reader.locator("h1").inner_text() == "Вы не в сети"
    kept = reader.locator("[data-kept-pages] a")
    kept.first.wait_for()
    assert kept_title in kept.all_inner_texts()
    kept.filter(has_text=kept_title).click()
    assert reader.locator("h1").inner_text() == kept_title
    assert reader.console_errors == []


def test_a_topic_saved_for_offline_opens_guide_by_guide_and_can_be_removed(portal, reader):
    base, _ = portal
    reader.goto(base + TOPIC)
    reader.wait_for_function("() => navigator.serviceWorker.controller !== null")
    reader.get_by_role("button", name="Save this topic for offline").click()
    status = reader.locator(".offline-save [role=status]")
    status.filter(has_text="Saved for offline").wait_for()
    assert "kB" in status.inner_text()  # how much space it takes
    guides = [reader.evaluate("a => a.href", link) for link in reader.locator(".guide-list h2 a").element_handles()]
    assert len(guides) > 1

    reader.context.set_offline(True)
    for guide in guides:
        reader.goto(guide)
        assert reader.locator("article.guide h1").count() == 1, guide
    reader.context.set_offline(False)

    reader.goto(base + TOPIC)
    reader.get_by_role("button", name="Remove from this phone").click()
    status.filter(has_text="Removed").wait_for()
    pages = index(reader)["pages"]
    assert not any(entry["saved"] for entry in pages.values())


def test_ticked_steps_stay_ticked_offline_and_the_guide_is_in_my_guides(portal, reader):
    base, _ = portal
    open_and_keep(reader, base + GUIDE)
    reader.get_by_role("button", name="Show all steps").click()
    boxes = reader.locator(".step-done input")
    total = boxes.count()
    assert total >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    reader.context.set_offline(True)
    reader.reload()
    reader.get_by_role("button", name="Show all steps").click()
    assert [boxes.nth(i).is_checked() for i in range(total)] == [True, True] + [False] * (total - 2)
    assert reader.locator(".step-overview .progress").inner_text() == f"2 of {total} steps done"
    assert reader.locator(".step-overview li.done").count() == 2

    reader.context.set_offline(False)
    reader.goto(base + "/en/saved/")
    guide = reader.locator("[data-my-guides] li")
    assert guide.count() == 1
    assert f"2 of {total} steps done" in guide.inner_text()
    # The ticks belong to the guide, not to one language's page.
    reader.goto(base + RUSSIAN_GUIDE)
    progress = reader.locator(".step-overview .progress").inner_text()
    assert progress == f"Выполнено шагов: 2 из {total}"
    assert reader.console_errors == []


def test_printing_a_guide_prints_the_ticked_steps(portal, reader):
    base, _ = portal
    reader.goto(base + GUIDE)
    reader.get_by_role("button", name="Show all steps").click()
    reader.locator(".step-done input").first.check()
    reader.emulate_media(media="print")
    first = reader.locator(".step").first
    assert first.locator(".step-content").is_visible()
    assert first.locator(".step-done input").is_visible() and first.locator(".step-done input").is_checked()
    assert not reader.locator(".step").nth(1).locator(".step-done input").is_checked()


def test_clear_everything_leaves_nothing_stored(portal, reader):
    base, _ = portal
    open_and_keep(reader, base + GUIDE)
    reader.get_by_role("button", name="Show all steps").click()
    reader.locator(".step-done input").first.check()
    reader.goto(base + "/en/saved/")
    reader.locator("[data-kept-pages] li").first.wait_for()
    reader.get_by_role("button", name="Clear everything from this phone").click()
    reader.locator("[data-cleared]").wait_for()
    assert reader.evaluate("caches.keys()") == []
    assert reader.evaluate("Object.keys(localStorage)") == []
    assert reader.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0


def test_the_admin_search_and_a_signed_in_editors_pages_are_never_kept(portal, reader):
    base, env = portal
    open_and_keep(reader, base + GUIDE)
    reader.goto(base + "/admin/login/")
    reader.goto(base + "/en/search/?q=insurance")
    # An editor signed in: the pages they see (drafts, the user bar) say
    # "private", and the worker keeps none of them.
    key = sign_in(env)
    reader.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base}])
    reader.goto(base + "/en/education/")
    reader.goto(base + "/admin/pages/")
    time.sleep(1)  # what the worker would keep, it keeps within this
    kept = " ".join(
        reader.evaluate(
            "() => caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys())))).then(all => all.flat().map(r => r.url))"
        )
    )
    assert "/admin/" not in kept and "/search/" not in kept and "/en/education/" not in kept
    assert GUIDE in kept


def sign_in(env):
    """A session for an administrator on the portal's own database."""
    code = (
        "from django.contrib.auth.models import User; from importlib import import_module; "
        "from django.conf import settings; "
        "user = User.objects.create_superuser('offline-admin', password='x' * 20); "
        "session = import_module(settings.SESSION_ENGINE).SessionStore(); "
        "session['_auth_user_id'] = str(user.pk); "
        "session['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'; "
        "session['_auth_user_hash'] = user.get_session_auth_hash(); "
        "session.create(); print(session.session_key)"
    )
    return portal_manage(env, code).strip().splitlines()[-1]


def test_a_republished_guide_reaches_the_phone_when_it_is_back_online(portal, reader):
    base, env = portal
    url = base + "/en/health/registering-with-rfzo/"
    open_and_keep(reader, url)
    reader.context.set_offline(True)
    new_title = "Registering with RFZO, checked again"
    script = (
        "from guides.models import GuidePage; "
        "page = GuidePage.objects.get(slug='registering-with-rfzo', locale__language_code='en'); "
        f"page.title = {new_title!r}; page.save_revision().publish()"
    )
    portal_manage(env, script)
    reader.context.set_offline(False)  # the page hears "online" and asks the worker to refresh
    wait_until(lambda: index(reader)["pages"][url]["title"] == new_title, "the kept copy to be refreshed", seconds=60)
    reader.context.set_offline(True)
    reader.reload()
    assert reader.locator("h1").inner_text() == new_title


def test_the_portal_is_installable(portal, reader):
    """Chromium's own installability checks (what Lighthouse reported as
    "installable"): a manifest with name, icons and start address, and a
    service worker."""
    base, _ = portal
    reader.goto(base + "/ar/")
    reader.wait_for_function("() => navigator.serviceWorker.controller !== null")
    session = reader.context.new_cdp_session(reader)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test browser's context is a private window, which no site can be
    # installed from; every other check must pass.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    manifest = json.loads(urllib.request.urlopen(base + "/ar/manifest.webmanifest").read())
    assert manifest["lang"] == "ar" and manifest["dir"] == "rtl" and manifest["start_url"] == "/ar/"


def test_with_javascript_off_a_guide_reads_as_it_did(portal, browser):
    base, _ = portal
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + GUIDE)
    assert page.locator(".step-done").count() == 0
    assert page.locator(".step-content").first.is_visible()  # every step open, as before
    assert not page.locator(".on-this-phone").is_visible()
    context.close()


def test_over_the_cap_the_page_opened_longest_ago_goes_first(small_portal, reader):
    guides = [
        "/en/health/emergency-care/",
        "/en/health/registering-with-rfzo/",
        "/en/education/learning-serbian/",
        "/en/residence/seeking-asylum/",
    ]
    for guide in guides:
        open_and_keep(reader, small_portal + guide)
    kept = index(reader)["pages"]
    assert sum(entry["bytes"] for entry in kept.values()) <= 0.07 * 1024 * 1024
    assert small_portal + guides[0] not in kept  # the oldest
    assert small_portal + guides[-1] in kept  # the one just opened
    cached = reader.evaluate("() => caches.open('putokaz-pages').then(c => c.keys()).then(k => k.map(r => r.url))")
    assert small_portal + guides[0] not in cached

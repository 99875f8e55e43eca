"""What a reader (and the admin of a fresh `make run`) meets on the pages:
the admin account and its sign-in line, partly translated pages, printouts
and the portal's public address (issue 12, items 7, 10, 13, 14)."""

import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import formats
from icalendar import Calendar
from wagtail.models import Site
from wagtail_localize.models import StringTranslation, Translation

from cultural_events.models import EventPage
from guides.models import GuidePage
from languages.setup import ensure_site_address

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def settings_in(module, **env):
    """Settings as a process started with this environment sees them."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORT", "PUBLIC_URL", "WAGTAILADMIN_BASE_URL", "ALLOWED_HOSTS"}
    }
    environment.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY="x" * 50, **env)
    script = (
        "from django.conf import settings as s; import json; print(json.dumps([s.PUBLIC_URL, s.WAGTAILADMIN_BASE_URL]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


# 7. The `make run` admin account


def ensure_admin():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_the_admin_can_save_its_account_settings_as_they_are(client, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("ADMIN_EMAIL", raising=False)
    ensure_admin()
    client.force_login(get_user_model().objects.get(username="admin"))
    form = soup(client.get("/admin/account/")).select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "on")
        elif field.get("type") != "file":
            data[field["name"]] = field.get("value", field.get_text() if field.name == "textarea" else "")
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, re.findall(r"error-message[^>]*>\s*<p>([^<]*)", response.content.decode())


def test_an_admin_account_made_without_a_name_or_e_mail_gets_them():
    get_user_model().objects.create_superuser("admin", email="", password="x" * 20)
    ensure_admin()
    admin = get_user_model().objects.get(username="admin")
    assert admin.get_full_name() and admin.email == "admin@localhost"


def test_make_run_prints_where_to_sign_in_last_at_its_own_address(monkeypatch, settings):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    settings.PUBLIC_URL = "http://127.0.0.1:8123"
    output = ensure_admin()
    password = re.search(r"password: (\S+)", output).group(1)
    assert "http://127.0.0.1:8123/admin/" in output
    assert get_user_model().objects.get(username="admin").check_password(password)
    # The run target: the sign-in details are the last thing before the server.
    recipe = re.search(r"^run: install.*?\n((?:\t.*\n)+)", (BASE_DIR / "Makefile").read_text(), re.MULTILINE).group(1)
    commands = [line.strip().lstrip("@") for line in recipe.splitlines()]
    assert "ensure_admin" in commands[-2] and "runserver $(HOST):$(PORT)" in commands[-1]


def test_the_public_address_follows_port_by_default():
    assert settings_in("portal.settings.dev", PORT="8123") == ["http://127.0.0.1:8123"] * 2
    assert settings_in("portal.settings.dev", PUBLIC_URL="https://putokaz.example/") == ["https://putokaz.example"] * 2
    assert (
        settings_in("portal.settings.production", ALLOWED_HOSTS="putokaz.example,www.putokaz.example")
        == ["https://putokaz.example"] * 2
    )


# 10. Partly translated pages


def publish_with_one_step_heading_untranslated(language="ru", key="emergency-care", step=2):
    """As a translator does: a segment's translation is missing (here:
    removed) and the translation is published anyway, wagtail-localize
    filling the gap with the English text."""
    source = english(GuidePage).get(slug=key)
    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale__language_code=language
    )
    block = source.steps[step - 1]
    StringTranslation.objects.filter(
        locale__language_code=language,
        context__object_id=source.translation_key,
        context__path=f"steps.{block.id}.heading",
    ).delete()
    translation.save_target(publish=True)
    return source, block.value["heading"]


def test_a_partly_translated_guide_marks_the_english_and_says_so(client):
    _, heading = publish_with_one_step_heading_untranslated()
    page = soup(client.get("/ru/health/emergency-care/"))
    shown = page.select_one("#step-2 h2 [lang]")
    assert text(shown) == heading and shown["lang"] == "en" and shown["dir"] == "ltr"
    overview = page.select(".step-overview a")[1]
    assert overview.get("lang") == "en"
    # Only that: the other steps and the title are Russian and say nothing.
    assert not page.select("#step-1 [lang=en], #step-3 [lang=en], h1[lang], .in-short [lang]")
    notice = text(page.select_one(".translation-notice"))
    assert "Часть этой страницы ещё не переведена" in notice and "English" in notice


def test_a_fully_translated_guide_has_no_such_notice(client):
    page = soup(client.get("/ru/health/emergency-care/"))
    assert page.select_one(".translation-notice") is None
    assert not shown_in_english(page)


def test_a_translation_missing_for_text_the_page_does_not_show_yet_is_not_flagged(client):
    """The live page still shows an earlier translation (the gap is in a
    draft not yet published): nothing is marked English."""
    source = english(GuidePage).get(slug="emergency-care")
    StringTranslation.objects.filter(locale__language_code="ru", context__object_id=source.translation_key).delete()
    page = soup(client.get("/ru/health/emergency-care/"))
    assert page.select_one(".translation-notice") is None and not shown_in_english(page)


def shown_in_english(page):
    """Text the page shows in English for want of a translation: not the
    title of a publication written in English, which a source cites as it is."""
    return [element for element in page.select("main [lang=en]") if not element.find_parent("cite")]


# 13. Printouts


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_printout_explains_each_abbreviation_once_in_one_pair_of_parentheses(client, language):
    page = soup(client.get(f"/{language}/residence/seeking-asylum/"))
    expansions = [span for span in page.select("main .print-only") if span.find_previous_sibling("abbr")]
    assert expansions
    terms = [span.find_previous_sibling("abbr").get_text() for span in expansions]
    assert len(terms) == len(set(terms)), terms
    for span in expansions:
        paragraph = span.find_parent(["p", "li", "div"])
        printed = text(paragraph)  # the paragraph as printed: the spans are shown
        depth = deepest = 0
        for char in printed:
            depth += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1, printed
    # "Ministry of Interior (MoI)" explains itself: no expansion after it.
    if language == "en":
        first = page.find("abbr", string="MoI")
        assert first.find_previous(string=True).endswith("Ministry of Interior (")
        assert getattr(first.next_sibling, "name", None) != "span"


def test_the_print_stylesheet_hides_the_feedback_buttons_and_adds_no_parentheses():
    css = (BASE_DIR / "base" / "static" / "css" / "print.css").read_text()
    hidden = re.search(r"^([^{]*)\{\s*display:\s*none", css, re.MULTILINE).group(1)
    assert ".feedback" in [selector.strip() for selector in hidden.split(",")]
    assert "attr(title)" not in css


def test_a_printout_says_where_and_when_it_was_printed(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    footer = soup(client.get("/ru/health/emergency-care/")).select_one(".printed-from")
    assert "Напечатано с сайта" in text(footer)
    assert footer.bdi.get_text() == f"{settings.PUBLIC_URL}/ru/health/emergency-care/" == guide.get_full_url()
    assert footer.time["datetime"] == date.today().isoformat()
    english_footer = soup(client.get("/en/health/emergency-care/")).select_one(".printed-from")
    assert formats.date_format(date.today(), "DATE_FORMAT") in text(english_footer)


# 14. One public address


@pytest.fixture
def public_address(settings):
    """A deployment at https://putokaz.example after its release step."""
    settings.PUBLIC_URL = "https://putokaz.example"
    ensure_site_address()
    return settings.PUBLIC_URL


def test_the_demo_site_answers_to_the_public_address():
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == settings.PUBLIC_URL


def test_hreflang_alternates_use_the_public_address(client, public_address):
    page = soup(client.get("/ru/health/emergency-care/", HTTP_HOST="127.0.0.1"))
    alternates = [link["href"] for link in page.select("link[rel=alternate][hreflang]")]
    assert len(alternates) == 9  # the guide is translated into every language
    assert all(href.startswith(public_address + "/") for href in alternates), alternates


def test_calendar_urls_and_uids_use_the_public_address(client, public_address):
    event = english(EventPage).live().first()
    response = client.get(event.url + "event.ics", HTTP_HOST="127.0.0.1")
    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(vevent["url"]) == public_address + event.url
    assert str(vevent["uid"]).endswith("@putokaz.example")

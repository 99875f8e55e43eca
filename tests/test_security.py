"""Putokaz stays closed: deploy checks, headers, sign-in lockout, and text
that readers and editors submit comes back inert wherever it is shown."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cultural_events.models import EventPage
from feedback.models import Feedback
from guides.models import GlossaryTerm, GuidePage, Office

from .helpers import english

pytestmark = pytest.mark.django_db

PAYLOAD = """<script>alert("xss")</script><img src=x onerror=alert(1)>"'><svg onload=alert(2)><a href="javascript:alert(3)">go</a>"""


def assert_inert(response):
    """Nothing of PAYLOAD can run: no script with it, no event handler
    attribute, no javascript: link; its text may show, escaped."""
    assert response.status_code < 500
    html = response.content.decode()
    assert '<script>alert("xss")' not in html and "<img src=x onerror" not in html
    page = BeautifulSoup(html, "html.parser")
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            # A data block (schema.org) runs nothing; the text in it stays data:
            # no "<" that could close it, and it reads as JSON.
            assert "<" not in script.string
            json.loads(script.string)
        else:
            assert "alert" not in script.get_text()
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        assert not str(element.get("href", "")).strip().lower().startswith("javascript:"), element
    return html


def test_deploy_checks_report_nothing_with_production_settings():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="putokaz.example",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_public_pages_allow_no_inline_script_and_no_device_features(client, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the headers come with stored pages too
    url = english(GuidePage).get(slug="emergency-care").url
    for _ in range(2):
        response = client.get(url)
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
        permissions = response["Permissions-Policy"]
        assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions
    assert response["X-Page-Cache"] == "hit"


def test_the_admin_gets_the_policy_its_editor_needs(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


def sign_in(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def test_sign_in_locks_after_five_failures_until_an_administrator_unlocks(client):
    User.objects.create_user("nadja", password="correct horse battery staple", is_staff=True, is_superuser=True)
    for _ in range(4):
        assert sign_in(client, "nadja", "wrong guess").status_code == 200  # the form again, with an error
    assert sign_in(client, "nadja", "wrong guess").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "nadja", "correct horse battery staple")
    assert locked.status_code == 429 and "Sign-in locked" in locked.content.decode()
    # Someone else, or the same name from elsewhere, is not locked out.
    User.objects.create_user("milan", password="another good passphrase", is_staff=True, is_superuser=True)
    assert sign_in(client, "milan", "another good passphrase").status_code == 302
    client.logout()
    assert (
        sign_in(client.__class__(REMOTE_ADDR="203.0.113.9"), "nadja", "correct horse battery staple").status_code == 302
    )

    call_command("axes_reset_username", "nadja", verbosity=0)
    assert sign_in(client, "nadja", "correct horse battery staple").status_code == 302


def test_a_search_query_is_echoed_inert(client):
    html = assert_inert(client.get("/en/search/", {"q": PAYLOAD}))
    assert "&lt;script&gt;" in html or "alert" not in html
    api = client.get("/api/search/suggest/", {"q": PAYLOAD, "lang": "en"})
    assert api["Content-Type"].startswith("application/json") and api["X-Content-Type-Options"] == "nosniff"


def test_feedback_comments_are_inert_on_the_reader_page_and_in_the_admin(client, admin_client):
    guide = english(GuidePage).get(slug="emergency-care")
    client.post(f"/en/feedback/{guide.pk}/", {"helpful": "no"})
    client.post(f"/en/feedback/{guide.pk}/comment/", {"helpful": "no", "comment": PAYLOAD})
    assert Feedback.objects.filter(comment=PAYLOAD).exists()
    # Too long: shown again to the reader to shorten, inert.
    assert_inert(client.post(f"/en/feedback/{guide.pk}/comment/", {"helpful": "no", "comment": PAYLOAD * 20}))
    assert_inert(admin_client.get(reverse("feedback:index")))
    assert_inert(admin_client.get("/admin/reports/feedback/", {"locale": "en"}))
    assert_inert(admin_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])))


def test_rich_text_that_reached_the_database_unsanitised_is_cleaned(client):
    guide = english(GuidePage).get(slug="registering-your-stay")
    steps = guide.steps.raw_data
    steps[0]["value"]["body"] = f"<p>Go to the police. {PAYLOAD}</p>"
    guide.steps = steps
    guide.save_revision().publish()
    html = assert_inert(client.get(guide.url))
    assert "Go to the police." in html


def test_glossary_offices_and_events_show_editors_text_inert(client):
    term = english(GlossaryTerm).get(abbreviation="RFZO")
    term.full_name, term.explanation = PAYLOAD, PAYLOAD
    term.save()
    office = english(Office).get(slug="rfzo-branch")
    office.name, office.address, office.opening_hours = PAYLOAD, PAYLOAD, PAYLOAD
    office.save()
    event = english(EventPage).filter(end__gte=timezone.now()).first()
    event.title, event.organiser, event.place = PAYLOAD, PAYLOAD, PAYLOAD
    event.description = f"<p>{PAYLOAD}</p>"
    event.save_revision().publish()

    home = event.get_parent().get_parent()
    for page in [
        english(GuidePage).get(slug="registering-with-rfzo"),  # abbreviations and its office
        *home.get_children().filter(slug__in=["glossary", "offices"]),
        event,
        event.get_parent(),
        home,
    ]:
        assert_inert(client.get(page.url))


def test_json_endpoints_never_reflect_html(client):
    response = client.get("/api/search/", {"q": PAYLOAD, "lang": "en"})
    assert response["Content-Type"].startswith("application/json")
    json.loads(response.content)


def test_signed_in_users_get_pages_no_cache_may_keep(client, admin_client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = english(GuidePage).first().url
    reader = client.get(url)
    assert "public" in reader["Cache-Control"] and "no-store" not in reader["Cache-Control"]
    for path in (url, "/admin/", "/en/search/?q=insurance"):
        cache_control = admin_client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control and "public" not in cache_control, path


def test_the_yes_no_buttons_take_no_comment_and_keep_a_hidden_one_hidden(client):
    guide = english(GuidePage).first()
    yes_no, comment_form = f"/en/feedback/{guide.pk}/", f"/en/feedback/{guide.pk}/comment/"
    earlier = list(Feedback.objects.values_list("pk", flat=True))
    # The buttons carry no CSRF token: a comment sent through them is dropped.
    assert client.post(yes_no, {"helpful": "yes", "comment": '=HYPERLINK("https://spam.example")'}).status_code == 302
    answer = Feedback.objects.exclude(pk__in=earlier).get(page=guide)
    assert answer.helpful and answer.comment == ""

    client.post(comment_form, {"helpful": "no", "comment": "Buy cheap watches"})
    answer.refresh_from_db()
    assert answer.comment == "Buy cheap watches"
    answer.status = Feedback.Status.HIDDEN
    answer.save()
    for url, data in ((comment_form, {"helpful": "no", "comment": "Buy cheap watches"}), (yes_no, {"helpful": "no"})):
        client.post(url, data)
        answer.refresh_from_db()
        assert answer.status == Feedback.Status.HIDDEN and answer.comment == "Buy cheap watches"
    assert Feedback.objects.exclude(pk__in=earlier).count() == 1


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/a", "vbscript:x"]
)
def test_source_links_must_be_web_or_mail_addresses(link):
    from guides.blocks import LINK_ERROR, LinkBlock

    block = LinkBlock(required=False)
    with pytest.raises(ValidationError) as refused:
        block.clean(link)
    assert refused.value.messages == [str(LINK_ERROR)]
    for allowed in ("https://www.mup.gov.rs/", "http://example.org/a?b=c", "mailto:info@example.org", ""):
        assert block.clean(allowed) == allowed


def test_a_translators_link_override_cannot_publish_a_script_link(admin_client):
    """wagtail-localize stores an override as typed and ingests it without
    the block's form: the link is checked when the translation is made."""
    from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation

    source_page = next(page for page in english(GuidePage) if any(s.value.get("url") for s in page.sources))
    russian = source_page.get_translation(Locale.objects.get(language_code="ru"))
    translation = Translation.objects.get(source__object_id=source_page.translation_key, target_locale=russian.locale)
    segment = next(
        segment
        for segment in OverridableSegment.objects.filter(source=translation.source)
        if segment.context.path.startswith("sources.") and segment.context.path.endswith(".url")
    )
    SegmentOverride.objects.create(
        locale=russian.locale, context=segment.context, data_json=json.dumps("javascript:alert(1)")
    )
    with pytest.raises(ValidationError):
        translation.save_target(publish=True)
    russian.refresh_from_db()
    assert "javascript:" not in admin_client.get(russian.url).content.decode()

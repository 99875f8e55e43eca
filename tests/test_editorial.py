"""Editors publish with review, keep facts current and hear from readers."""

import csv as csv_module
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Feedback
from guides.models import GuidePage, Office

from .helpers import english, guide_edit_form, soup

pytestmark = pytest.mark.django_db


def make_user(name, *groups):
    user = User.objects.create_user(name, password="a long password for tests")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return make_user("eva", "Editors")


@pytest.fixture
def reviewer():
    return make_user("rade", "Reviewers")


def current_task_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def test_a_guide_goes_live_only_after_a_reviewer_approves(client, editor, reviewer):
    guide = english(GuidePage).get(slug="learning-serbian")
    old_title = guide.title
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])

    # An editor cannot publish, only submit.
    client.force_login(editor)
    response = client.post(
        edit_url, guide_edit_form(guide, title="Learning Serbian, reviewed", **{"action-submit": "Submit"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    state = current_task_state(guide)
    assert state is not None and state.status == "in_progress"
    # Readers still see the published text.
    assert old_title in client.get(guide.url).content.decode()
    assert "Learning Serbian, reviewed" not in client.get(guide.url).content.decode()

    # The reviewer sees it on the dashboard and asks for changes with a comment.
    client.force_login(reviewer)
    assert "Learning Serbian, reviewed" in client.get("/admin/").content.decode()
    action = reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, "reject", state.pk])
    assert client.post(action, {"comment": "Please cite the Ministry's programme."}).status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "rejected" and state.comment == "Please cite the Ministry's programme."
    assert not english(GuidePage).get(pk=guide.pk).title.endswith("reviewed")

    # The editor changes it and submits again; the reviewer approves; it is live.
    client.force_login(editor)
    guide = english(GuidePage).get(pk=guide.pk)
    client.post(edit_url, guide_edit_form(guide, title="Learning Serbian, reviewed", **{"action-submit": "Resubmit"}))
    state = current_task_state(guide)
    assert state.status == "in_progress"
    client.force_login(reviewer)
    action = reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", state.pk])
    assert client.post(action, {"comment": ""}).status_code in (200, 302)
    guide.refresh_from_db()
    assert guide.live and guide.title == "Learning Serbian, reviewed"
    client.logout()
    assert "Learning Serbian, reviewed" in client.get(guide.url).content.decode()


def test_a_new_guide_in_review_is_invisible_to_readers(client, editor):
    topic = english(GuidePage).get(slug="learning-serbian").get_parent()
    client.force_login(editor)
    guide = GuidePage(
        title="Library cards",
        slug="library-cards",
        summary="How to get a card.",
        steps=[{"type": "step", "value": {"heading": "Go to the library", "body": "<p>Bring your passport.</p>"}}],
        live=False,
    )
    topic.add_child(instance=guide)
    revision = guide.save_revision(user=editor)
    guide.get_workflow().start(guide, editor)
    client.logout()
    assert client.get("/en/culture/library-cards/").status_code == 404
    assert client.get(f"/en{topic.url[3:]}library-cards/").status_code == 404
    assert "Library cards" not in client.get(topic.url).content.decode()
    assert revision.pk


def dashboard_guides(client):
    page = soup(client.get("/admin/"))
    return [a.get_text(strip=True) for a in page.select("table.guides-due a")]


def test_an_overdue_guide_shows_until_it_is_reviewed(client, reviewer):
    overdue = english(GuidePage).get(slug="health-care-in-reception-centres")
    assert overdue.next_review < timezone.localdate()
    client.force_login(reviewer)
    assert dashboard_guides(client)[0] == overdue.title

    report = soup(client.get("/admin/reports/guides-review/", {"locale": "en"}))
    first = [td.get_text(strip=True) for td in report.select("tbody tr")[0].find_all("td")]
    assert first[0].startswith(overdue.title) and "Overdue" in first

    # Checked, nothing to change: one action.
    response = client.post(reverse("guide_reviewed", args=[overdue.pk]))
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.last_reviewed == timezone.localdate()
    assert overdue.title not in dashboard_guides(client)
    report = soup(client.get("/admin/reports/guides-review/", {"locale": "en"}))
    row = next(r for r in report.select("tbody tr") if r.find("td").get_text(strip=True).startswith(overdue.title))
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert "Current" in cells and "rade" in cells
    # The next published revision keeps the review date.
    assert overdue.latest_revision.as_object().last_reviewed == timezone.localdate()


def test_editors_cannot_mark_a_guide_reviewed(client, editor):
    guide = english(GuidePage).get(slug="health-care-in-reception-centres")
    client.force_login(editor)
    response = client.post(reverse("guide_reviewed", args=[guide.pk]), follow=True)
    assert "do not have permission" in response.content.decode()
    guide.refresh_from_db()
    assert guide.last_reviewed < timezone.localdate()


def test_review_report_exports_the_rows_it_shows(admin_client):
    page = soup(admin_client.get("/admin/reports/guides-review/", {"locale": "ru"}))
    shown = [[td.get_text(strip=True) for td in row.find_all("td")][:2] for row in page.select("tbody tr")]
    csv = b"".join(
        admin_client.get("/admin/reports/guides-review/", {"locale": "ru", "export": "csv"}).streaming_content
    )
    exported = [row[:2] for row in list(csv_module.reader(io.StringIO(csv.decode())))[1:]]
    assert len(shown) == len(exported) == 18
    # One row per guide, with every language it is written in.
    assert all("ru" in row[1].split(", ") for row in exported)


def test_an_office_in_use_cannot_be_deleted(admin_client):
    office = english(Office).get(slug="rfzo-branch")
    response = admin_client.post(reverse("wagtailsnippets_guides_office:delete", args=[office.pk]), follow=True)
    assert Office.objects.filter(pk=office.pk).exists()
    assert "cannot be deleted" in response.content.decode()
    unused = Office.objects.create(name="Closed office", slug="closed-office", kind="ngo", locale=office.locale)
    admin_client.post(reverse("wagtailsnippets_guides_office:delete", args=[unused.pk]))
    assert not Office.objects.filter(pk=unused.pk).exists()


def feedback_url(guide, name="feedback"):
    """The form's address on the guide's page: under the guide's language."""
    with translation.override(guide.locale.language_code):
        return reverse(name, args=[guide.pk])


def test_feedback_yes_and_no_with_a_comment_once_per_browser_and_day(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    before = Feedback.objects.count()
    response = client.post(feedback_url(guide), {"helpful": "yes"}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    # The same browser changes its mind: No, then a comment. Still one answer.
    page = soup(client.post(feedback_url(guide), {"helpful": "no"}))
    form = page.select_one("form.feedback-comment")
    assert form.select_one("textarea[name=comment]") and form["action"] == feedback_url(guide, "feedback_comment")
    client.post(form["action"], {"helpful": "no", "comment": "Нет телефона больницы."})
    assert Feedback.objects.count() == before + 1
    answer = Feedback.objects.latest("created_at")
    assert (answer.helpful, answer.comment, answer.locale.language_code) == (False, "Нет телефона больницы.", "ru")
    # Another browser is another answer.
    client.cookies.clear()
    client.post(feedback_url(guide), {"helpful": "yes"})
    assert Feedback.objects.count() == before + 2
    stored = json.dumps(list(Feedback.objects.values()), default=str)
    assert "198.51.100.7" not in stored


@pytest.mark.parametrize("language", ["ru", "ur"])
def test_report_a_mistake_leads_from_the_guide_to_a_form_for_that_guide(client, language):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code=language)
    link = soup(client.get(guide.url)).select_one(".report-mistake a")
    with translation.override(language):
        assert link["href"] == reverse("feedback_report", args=[guide.pk])
    page = soup(client.get(link["href"]))
    assert guide.title in page.main.get_text()
    form = page.select_one("form.feedback-comment")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields["comment"] = "The ambulance number is wrong"
    response = client.post(form["action"], fields)
    assert response.status_code == 302
    report = Feedback.objects.get(page=guide)
    assert report.helpful is False and report.comment == "The ambulance number is wrong"


def test_a_too_long_comment_is_refused_with_a_message_and_kept(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    before = Feedback.objects.count()
    long_comment = "Слишком длинно. " * 100
    response = client.post(feedback_url(guide, "feedback_comment"), {"helpful": "no", "comment": long_comment})
    assert response.status_code == 400
    body = response.content.decode()
    with translation.override("ru"):
        assert translation.gettext("Send") in body
    with translation.override("ru"):
        message = translation.gettext(
            "Please keep your comment under %(limit_value)d characters (it has %(show_value)d)."
        )
    assert message % {"limit_value": 1000, "show_value": len(long_comment.strip())} in body
    assert long_comment.strip() in body
    assert Feedback.objects.count() == before


def test_a_filled_honeypot_is_thanked_and_ignored(client):
    guide = english(GuidePage).get(slug="emergency-care")
    before = Feedback.objects.count()
    response = client.post(feedback_url(guide), {"helpful": "yes", "website": "http://spam.example"})
    assert response.status_code == 302 and Feedback.objects.count() == before


def test_feedback_from_another_site_is_refused_and_comments_need_the_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    guide = english(GuidePage).get(slug="emergency-care")
    before = Feedback.objects.count()
    # The guide page is the same for everyone (it is cached): no token in it.
    page = strict.get(guide.url)
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    # The buttons work from the page itself, not from another site.
    assert strict.post(feedback_url(guide), {"helpful": "yes"}, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert strict.post(feedback_url(guide), {"helpful": "yes"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Feedback.objects.count() == before
    comment_form = soup(strict.post(feedback_url(guide), {"helpful": "no"}, HTTP_SEC_FETCH_SITE="same-origin"))
    assert Feedback.objects.count() == before + 1
    # The comment, on a page of its own, needs that page's token.
    action = comment_form.select_one("form.feedback-comment")["action"]
    assert strict.post(action, {"helpful": "no", "comment": "Missing phone"}).status_code == 403
    token = comment_form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert (
        strict.post(action, {"helpful": "no", "comment": "Missing phone", "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    assert Feedback.objects.latest("created_at").comment == "Missing phone"


def test_feedback_form_works_without_javascript(client):
    page = soup(client.get(english(GuidePage).get(slug="emergency-care").url))
    form = page.select_one("#feedback form")
    assert form["method"] == "post" and {b["value"] for b in form.select("button[name=helpful]")} == {"yes", "no"}
    # The only scripts on the page are the site's optional ones, deferred.
    assert all(script.has_attr("defer") and script["src"].startswith("/static/") for script in page.find_all("script"))


def test_feedback_report_counts_per_guide_and_language_and_exports_them(admin_client, client):
    guide = GuidePage.objects.get(slug="seeking-asylum", locale__language_code="ar")
    client.post(feedback_url(guide), {"helpful": "yes"})
    page = soup(admin_client.get("/admin/reports/feedback/", {"locale": "ar"}))
    rows = [[td.get_text(strip=True) for td in row.find_all("td")] for row in page.select("tbody tr")]
    assert [guide.title, "ar", "1", "1", "1"] in rows
    csv = b"".join(admin_client.get("/admin/reports/feedback/", {"locale": "ar", "export": "csv"}).streaming_content)
    assert list(csv_module.reader(io.StringIO(csv.decode())))[1:] == rows


def test_editors_mark_comments_handled_or_hidden(client, editor):
    client.force_login(editor)
    listing = client.get(reverse("feedback:index"))
    assert listing.status_code == 200 and "Не написано, какие документы просит полиция" in listing.content.decode()
    comment = Feedback.objects.exclude(comment="").first()
    response = client.post(reverse("feedback:edit", args=[comment.pk]), {"status": "hidden"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "hidden"


def test_outdated_translation_appears_in_its_languages_report(admin_client, django_capture_on_commit_callbacks):
    def listed():
        page = soup(admin_client.get("/admin/reports/outdated-translations/", {"target_locale": "uk"}))
        return [row.find("td").get_text(strip=True) for row in page.select("tbody tr")]

    russian_title = GuidePage.objects.get(slug="single-permit", locale__language_code="uk").title
    assert russian_title not in " ".join(listed())
    source = english(GuidePage).get(slug="single-permit")
    source.summary += " Updated."
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    assert any(title.startswith(russian_title) for title in listed())


def test_an_event_goes_live_on_its_date_and_comes_down_after_it(client):
    from datetime import timedelta

    from django.core.management import call_command
    from wagtail.models import Revision

    from cultural_events.models import EventIndexPage, EventPage

    index = english(EventIndexPage).get()
    start = timezone.now() + timedelta(days=10)
    event = EventPage(
        title="Scheduled picnic",
        slug="scheduled-picnic",
        start=start,
        end=start + timedelta(hours=2),
        place="Park",
        city="Belgrade",
        organiser="Group 484",
        description="<p>Bring a blanket.</p>",
        live=False,
        go_live_at=timezone.now() + timedelta(days=1),
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    assert not event.live and client.get(event.url).status_code == 404

    # The go-live date arrives.
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.page_revisions.filter(object_id=str(event.pk), approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
    call_command("publish_scheduled", verbosity=0)
    event.refresh_from_db()
    assert event.live and "Scheduled picnic" in client.get(index.url).content.decode()

    # The expiry date passes: it comes down by itself.
    EventPage.objects.filter(pk=event.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    event.refresh_from_db()
    assert not event.live and event.expired
    assert "Scheduled picnic" not in client.get(index.url).content.decode()


def test_two_editors_saving_the_same_guide_keep_both_versions(client, editor):
    """Both opened the editor on the same version; the second save does not
    erase the first: each is a revision in the history, and the history
    view shows them both."""
    other = make_user("goran", "Editors")
    guide = english(GuidePage).get(slug="learning-serbian")
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    loaded = {
        "loaded_revision_id": guide.latest_revision_id,
        "loaded_revision_created_at": guide.latest_revision.created_at.isoformat(),
    }
    before = guide.revisions.count()

    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other)
    first_form = guide_edit_form(guide, summary="Eva: free courses at the Red Cross.", **loaded)
    second_form = guide_edit_form(guide, audience="Goran: parents of school children.", **loaded)
    assert first.post(edit_url, first_form).status_code == 302
    assert second.post(edit_url, second_form).status_code == 302

    revisions = list(guide.revisions.order_by("created_at")[before:])
    assert [revision.user for revision in revisions] == [editor, other]
    assert revisions[0].as_object().summary == "Eva: free courses at the Red Cross."
    assert revisions[1].as_object().audience == "Goran: parents of school children."
    history = first.get(reverse("wagtailadmin_pages:history", args=[guide.pk])).content.decode()
    assert "eva" in history and "goran" in history

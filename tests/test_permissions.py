"""Who may do what in the admin (issue 7): every role against every action,
through the admin's own URLs. A denied cell checks the refusal and that
nothing changed; an allowed write checks that the change is really there."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse
from wagtail.admin.models import FormState
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from feedback.models import Feedback
from guides.models import GlossaryTerm, GuidePage, Office
from languages.setup import translators_group_name

from .helpers import english, guide_edit_form

pytestmark = pytest.mark.django_db

OK, DENIED, LOGIN, DRAFT_ONLY = "can", "cannot", "login", "draft-only"
GROUPS = {
    "no-groups": [],
    "editor": ["Editors"],
    "reviewer": ["Reviewers"],
    "administrator": ["Administrators"],
    "translator": [translators_group_name("ru")],
}
GUIDE = "learning-serbian"


def log_in(client, actor):
    """`actor` is a role name; translator-own-ru and translator-other-uk are the Russian translator."""
    if actor == "anonymous":
        return None
    role = "translator" if actor.startswith("translator") else actor
    user = User.objects.create_user(role, password="a long password for tests", is_superuser=role == "superuser")
    for name in GROUPS.get(role, []):
        user.groups.add(Group.objects.get(name=name))
    client.force_login(user)
    return user


def assert_outcome(response, expected, allowed_status=200, api=False):
    """Allowed: the view's own answer. Denied: Wagtail sends a logged-in user
    without the right back to the dashboard (an API answers 403). Not allowed
    into the admin at all: the login page."""
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith(reverse("wagtailadmin_login")), (
            response.status_code,
            location,
        )
    elif expected == DENIED and api:
        assert response.status_code == 403, response.status_code
    elif expected == DENIED:
        assert response.status_code == 302 and location == reverse("wagtailadmin_home"), (
            response.status_code,
            location,
        )
    else:
        assert response.status_code == allowed_status, (response.status_code, location)
        assert location != reverse("wagtailadmin_home")


def case(actor, expected, action, *values):
    label = {OK: "can", DENIED: "cannot", LOGIN: "cannot", DRAFT_ONLY: "cannot"}[expected]
    return pytest.param(actor, *values, expected, id=f"{actor}-{label}-{action}")


# ---------------------------------------------------------------- pages


def guide(language):
    return GuidePage.objects.get(slug=GUIDE, locale__language_code=language)


def live_title(page):
    return Page.objects.get(pk=page.pk).title


def draft_title(page):
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object().title


def is_synced_translation(page):
    """Russian and Ukrainian guides are wagtail-localize translations: their
    edit view is the translation editor, not the page form."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale, enabled=True
    ).exists()


def title_segment(page):
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=page.locale)
    return translation, translation.source.stringsegment_set.get(context__path="title")


def translated_title(page):
    _translation, segment = title_segment(page)
    found = StringTranslation.objects.filter(
        translation_of=segment.string, locale=page.locale, context=segment.context
    ).first()
    return found.data if found else None


def set_translated_title(page, title):
    """A translation typed in the translation editor but not published yet."""
    _translation, segment = title_segment(page)
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=page.locale,
        context=segment.context,
        defaults={"data": title, "translation_type": "manual"},
    )


# The actors on pages: the Russian translator works on a Russian guide (own
# language) or on a Ukrainian or English one (another language).
def page_cases(
    action,
    anonymous=LOGIN,
    no_groups=LOGIN,
    editor=OK,
    reviewer=OK,
    own=OK,
    other=DENIED,
    administrator=OK,
    superuser=OK,
):
    return [
        case("anonymous", anonymous, action, "en"),
        case("no-groups", no_groups, action, "en"),
        case("editor", editor, action, "en"),
        case("reviewer", reviewer, action, "en"),
        case("translator-own-ru", own, action, "ru"),
        case("translator-other-uk", other, action, "uk"),
        case("translator-other-en", other, action, "en"),
        case("administrator", administrator, action, "en"),
        case("superuser", superuser, action, "en"),
    ]


@pytest.mark.parametrize("actor, language, expected", page_cases("view-draft"))
def test_view_draft(client, actor, language, expected):
    page = guide(language)
    log_in(client, actor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_outcome(response, expected)
    if expected == OK:
        assert page.title in response.content.decode()


@pytest.mark.parametrize("actor, language, expected", page_cases("preview"))
def test_preview(client, actor, language, expected):
    page = guide(language)
    user = log_in(client, actor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    title = f"{page.title} (preview)"
    before = FormState.objects.count()
    response = client.post(url, guide_edit_form(page, title=title))
    assert_outcome(response, expected)
    shown = client.get(url)
    assert_outcome(shown, expected)
    if expected == OK:
        assert response.json()["is_valid"] and FormState.objects.filter(user=user).count() == 1
        assert title in shown.content.decode()
        assert live_title(page) == page.title
    else:
        assert FormState.objects.count() == before


@pytest.mark.parametrize("actor, language, expected", page_cases("open-editor"))
def test_open_the_editor(client, actor, language, expected):
    page = guide(language)
    log_in(client, actor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert_outcome(response, expected)
    if expected == OK:
        assert page.title in response.content.decode()


@pytest.mark.parametrize("actor, language, expected", page_cases("save-draft"))
def test_save_a_draft(client, actor, language, expected):
    """English: the page form, saved without publishing. Russian and
    Ukrainian: a string typed into wagtail-localize's translation editor."""
    page = guide(language)
    log_in(client, actor)
    title = f"{page.title} (draft)"
    if is_synced_translation(page):
        translation, segment = title_segment(page)
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = client.put(url, urlencode({"value": title}), content_type="application/x-www-form-urlencoded")
        assert_outcome(response, expected, allowed_status=201 if translated_title(page) is None else 200, api=True)
        assert (translated_title(page) == title) is (expected == OK)
    else:
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = client.post(url, guide_edit_form(page, title=title))
        assert_outcome(response, expected, allowed_status=302)
        if expected == OK:
            assert response["Location"] == url
        assert (draft_title(page) == title) is (expected == OK)
    assert live_title(page) == page.title


@pytest.mark.parametrize("actor, language, expected", page_cases("publish", editor=DRAFT_ONLY))
def test_publish(client, actor, language, expected):
    """English: "Publish" in the page editor. Russian and Ukrainian: "Publish"
    in the translation editor, with a translated title waiting in it."""
    page = guide(language)
    log_in(client, actor)
    title = f"{page.title} (published)"
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if is_synced_translation(page):
        set_translated_title(page, title)
        response = client.post(url, {"action": "publish"})
    else:
        response = client.post(url, guide_edit_form(page, title=title, **{"action-publish": "Publish"}))
    if expected == DRAFT_ONLY:
        # The editor's "Publish" only saves a draft: the page waits for review.
        assert response.status_code == 302 and response["Location"] == url
        assert draft_title(page) == title
    else:
        assert_outcome(response, expected, allowed_status=302)
    assert (live_title(page) == title) is (expected == OK)
    assert Page.objects.get(pk=page.pk).live


@pytest.mark.parametrize("actor, language, expected", page_cases("unpublish", editor=DENIED))
def test_unpublish(client, actor, language, expected):
    page = guide(language)
    log_in(client, actor)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert_outcome(response, expected, allowed_status=302)
    assert Page.objects.get(pk=page.pk).live is (expected != OK)


def submitted_for_review(page, title):
    """An editor changed the guide and submitted it: it waits for a reviewer."""
    submitter = User.objects.create_user("submitter")
    submitter.groups.add(Group.objects.get(name="Editors"))
    page.title = title
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    page.refresh_from_db()
    return page.current_workflow_task_state


# Only the workflow's group (Reviewers) and superusers approve; Administrators
# are not in the task's group, so they do not approve either.
@pytest.mark.parametrize(
    "actor, language, expected",
    [
        case("anonymous", LOGIN, "approve", "en"),
        case("no-groups", LOGIN, "approve", "en"),
        case("editor", DENIED, "approve", "en"),
        case("reviewer", OK, "approve", "en"),
        case("translator-other-en", DENIED, "approve", "en"),
        case("administrator", DENIED, "approve", "en"),
        case("superuser", OK, "approve", "en"),
    ],
)
def test_approve_a_submitted_guide(client, actor, language, expected):
    page = guide(language)
    old_title = page.title
    state = submitted_for_review(page, f"{old_title} (reviewed)")
    log_in(client, actor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]), {"comment": ""}
    )
    assert_outcome(response, expected, allowed_status=302)
    state.refresh_from_db()
    assert (state.status == "approved") is (expected == OK)
    assert live_title(page) == (f"{old_title} (reviewed)" if expected == OK else old_title)


# "Sync translated pages" on the English guide, with "Publish immediately":
# it publishes the guide in every language it is translated into, so only
# someone who may publish in every one of them may do it.
@pytest.mark.parametrize(
    "actor, language, expected",
    [
        case("anonymous", LOGIN, "sync-and-publish-translations", "uk"),
        case("no-groups", LOGIN, "sync-and-publish-translations", "uk"),
        case("editor", DENIED, "sync-and-publish-translations", "uk"),
        case("reviewer", OK, "sync-and-publish-translations", "uk"),
        case("translator-other-uk", DENIED, "sync-and-publish-translations", "uk"),
        case("administrator", OK, "sync-and-publish-translations", "uk"),
        case("superuser", OK, "sync-and-publish-translations", "uk"),
    ],
)
def test_sync_and_publish_translations(client, actor, language, expected):
    page = guide(language)
    title = f"{page.title} (synced)"
    set_translated_title(page, title)
    source = TranslationSource.objects.get_for_instance(guide("en"))
    log_in(client, actor)
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]), {"publish_translations": "on"}
    )
    published = live_title(page) == title
    assert published is (expected == OK), (
        f"{actor} {'published' if published else 'did not publish'} the Ukrainian guide"
    )
    assert_outcome(response, expected, allowed_status=302)


# "Sync translated pages" without "Publish immediately": whoever may submit
# translations may bring the English text into the translation editor; it
# publishes nothing, so readers keep the translation they had.
@pytest.mark.parametrize(
    "actor, expected",
    [
        case("anonymous", LOGIN, "sync-without-publishing"),
        case("no-groups", LOGIN, "sync-without-publishing"),
        case("editor", OK, "sync-without-publishing"),
        case("reviewer", OK, "sync-without-publishing"),
        case("translator-other-en", OK, "sync-without-publishing"),
        case("administrator", OK, "sync-without-publishing"),
        case("superuser", OK, "sync-without-publishing"),
    ],
)
def test_sync_without_publishing(client, actor, expected):
    english_guide, ukrainian = guide("en"), guide("uk")
    english_guide.title = "Learning Serbian, rewritten"
    english_guide.save_revision().publish()
    live_before = live_title(ukrainian)
    source = TranslationSource.objects.get_for_instance(english_guide)
    log_in(client, actor)
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    synced = "Learning Serbian, rewritten" in str(TranslationSource.objects.get(pk=source.pk).export_po())
    assert synced is (expected == OK), f"{actor} {'synced' if synced else 'did not sync'} the English text"
    assert_outcome(response, expected, allowed_status=302)
    assert live_title(ukrainian) == live_before
    client.logout()
    assert "Learning Serbian, rewritten" not in client.get(ukrainian.url).content.decode()


# ---------------------------------------------------------------- reports and listings

REPORTS = [
    ("guides-by-review-status", "guide_review_report", "Guides by review status"),
    ("outdated-translations", "outdated_translations_report", "Outdated translations"),
    ("translation-status", "translation_status_report", "Translation status"),
    ("feedback-summary", "feedback_summary_report", "Reader feedback by guide"),
    ("search-queries", "search_queries_report", "Search queries"),
    ("search-results-opened", "search_clicks_report", "Search results opened"),
]


def role_cases(
    action,
    *values,
    anonymous=LOGIN,
    no_groups=LOGIN,
    editor=OK,
    reviewer=OK,
    translator=OK,
    administrator=OK,
    superuser=OK,
):
    return [
        case("anonymous", anonymous, action, *values),
        case("no-groups", no_groups, action, *values),
        case("editor", editor, action, *values),
        case("reviewer", reviewer, action, *values),
        case("translator", translator, action, *values),
        case("administrator", administrator, action, *values),
        case("superuser", superuser, action, *values),
    ]


# Anyone who may edit pages reads the reports (base.reports.EditorsReportView).
@pytest.mark.parametrize(
    "actor, url_name, heading, expected",
    [param for slug, url_name, heading in REPORTS for param in role_cases(f"read-report-{slug}", url_name, heading)],
)
def test_reports(client, actor, url_name, heading, expected):
    log_in(client, actor)
    response = client.get(reverse(url_name))
    assert_outcome(response, expected)
    if expected == OK:
        assert heading in response.content.decode()


@pytest.mark.parametrize("actor, expected", role_cases("list-feedback", translator=DENIED))
def test_feedback_comments_listing(client, actor, expected):
    log_in(client, actor)
    response = client.get(reverse("feedback:index"))
    assert_outcome(response, expected)
    if expected == OK:
        assert "Не написано, какие документы просит полиция" in response.content.decode()


@pytest.mark.parametrize("actor, expected", role_cases("hide-feedback", translator=DENIED))
def test_hide_a_feedback_comment(client, actor, expected):
    comment = Feedback.objects.exclude(comment="").exclude(status=Feedback.Status.HIDDEN).first()
    log_in(client, actor)
    response = client.post(reverse("feedback:edit", args=[comment.pk]), {"status": Feedback.Status.HIDDEN})
    assert_outcome(response, expected, allowed_status=302)
    comment.refresh_from_db()
    assert (comment.status == Feedback.Status.HIDDEN) is (expected == OK)


# ---------------------------------------------------------------- snippets


def office_form(office, **changes):
    data = {
        field: getattr(office, field) or ""
        for field in (
            "name",
            "slug",
            "kind",
            "address",
            "city",
            "opening_hours",
            "phone",
            "website",
            "latitude",
            "longitude",
            "notes",
        )
    }
    data.update({"hours-count": "0", "hours_exceptions-count": "0"})  # no opening hours by weekday
    data.update(changes)
    return data


# Editors and reviewers keep offices and glossary terms up to date but do not
# delete offices; translators have no snippet rights. A change is a draft
# until it is published, which reviewers do (issue 17: the same review as pages).
@pytest.mark.parametrize("actor, expected", role_cases("edit-office", translator=DENIED))
def test_edit_an_office(client, actor, expected):
    office = english(Office).get(slug="rfzo-branch")
    log_in(client, actor)
    response = client.post(
        reverse("wagtailsnippets_guides_office:edit", args=[office.pk]),
        office_form(office, opening_hours="Mon-Fri 7-19"),
    )
    assert_outcome(response, expected, allowed_status=302)
    office.refresh_from_db()
    draft = office.latest_revision.as_object() if office.latest_revision else office
    assert (draft.opening_hours == "Mon-Fri 7-19") is (expected == OK)
    assert office.opening_hours != "Mon-Fri 7-19"  # readers still see the published office


@pytest.mark.parametrize("actor, expected", role_cases("publish-office", editor=DENIED, translator=DENIED))
def test_publish_an_office(client, actor, expected):
    office = english(Office).get(slug="rfzo-branch")
    log_in(client, actor)
    response = client.post(
        reverse("wagtailsnippets_guides_office:edit", args=[office.pk]),
        {**office_form(office, opening_hours="Mon-Fri 7-19"), "action-publish": "action-publish"},
    )
    assert response.status_code < 500
    office.refresh_from_db()
    assert (office.opening_hours == "Mon-Fri 7-19") is (expected == OK)


@pytest.mark.parametrize(
    "actor, expected", role_cases("delete-office", editor=DENIED, reviewer=DENIED, translator=DENIED)
)
def test_delete_an_office(client, actor, expected):
    unused = Office.objects.create(
        name="Closed office", slug="closed-office", kind="ngo", locale=english(Office).first().locale
    )
    log_in(client, actor)
    response = client.post(reverse("wagtailsnippets_guides_office:delete", args=[unused.pk]))
    assert_outcome(response, expected, allowed_status=302)
    assert Office.objects.filter(pk=unused.pk).exists() is (expected != OK)


@pytest.mark.parametrize("actor, expected", role_cases("edit-glossary-term", translator=DENIED))
def test_edit_a_glossary_term(client, actor, expected):
    term = english(GlossaryTerm).get(abbreviation="APR")
    log_in(client, actor)
    explanation = "The agency where companies and associations are registered."
    response = client.post(
        reverse("wagtailsnippets_guides_glossaryterm:edit", args=[term.pk]),
        {"abbreviation": term.abbreviation, "full_name": term.full_name, "explanation": explanation},
    )
    assert_outcome(response, expected, allowed_status=302)
    term.refresh_from_db()
    draft = term.latest_revision.as_object() if term.latest_revision else term
    assert (draft.explanation == explanation) is (expected == OK)
    assert term.explanation != explanation  # published only after review


# ---------------------------------------------------------------- the admin itself


@pytest.mark.parametrize("actor, expected", role_cases("open-admin"))
def test_open_the_admin(client, actor, expected):
    log_in(client, actor)
    response = client.get(reverse("wagtailadmin_home"))
    assert_outcome(response, expected)


ADMINISTRATION = [
    ("users", "wagtailusers_users:index"),
    ("groups", "wagtailusers_groups:index"),
    ("sites", "wagtailsites:index"),
    ("workflows", "wagtailadmin_workflows:index"),
]


@pytest.mark.parametrize(
    "actor, url_name, expected",
    [
        param
        for label, url_name in ADMINISTRATION
        for param in role_cases(f"open-{label}", url_name, editor=DENIED, reviewer=DENIED, translator=DENIED)
    ],
)
def test_only_administrators_manage_users_and_settings(client, actor, url_name, expected):
    log_in(client, actor)
    response = client.get(reverse(url_name))
    assert_outcome(response, expected)


def test_editors_and_reviewers_hold_exactly_their_roles_permissions():
    """Wagtail's first migration made an "Editors" group that could also
    delete images and documents; ensure_roles leaves only what the role has."""
    for name in ("Editors", "Reviewers"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert not {code for code in codenames if code.startswith("delete_")} - {"delete_synonym"}, codenames


# ---------------------------------------------------------------- the roles themselves


def test_only_the_readme_roles_publish_and_only_reviewers_approve():
    """Wagtail's first migrations made a "Moderators" group that may publish
    every page in every language, and a "Moderators approval" workflow for
    it: ensure_roles leaves only the roles the README names."""
    translators = {translators_group_name(code) for code in ("sr", "ru", "uk", "ar", "fa", "ps", "ur")}
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list("group__name", flat=True)
    )
    assert publishers == {"Reviewers", "Administrators", *translators}
    assert set(Group.objects.values_list("name", flat=True)) == {"Editors", "Reviewers", "Administrators", *translators}
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == ["Review before publishing"]
    assert list(Task.objects.filter(active=True).values_list("name", flat=True)) == ["Reviewer approval"]


def test_ensure_roles_removes_a_moderators_group_and_workflow_left_over():
    """An older install: the Moderators group and its workflow, one page
    reviewed through it (its history is kept, the workflow switched off),
    and a workflow never used (deleted)."""
    moderators = Group.objects.create(name="Moderators")
    GroupPagePermission.objects.create(
        group=moderators, page=Page.get_first_root_node(), permission=Permission.objects.get(codename="publish_page")
    )
    used, unused = (Workflow.objects.create(name=name) for name in ("Moderators approval", "Something else"))
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=used, task=task, sort_order=0)
    page = guide("en")
    WorkflowPage.objects.create(page=page, workflow=used)
    someone = User.objects.create_user("someone")
    page.save_revision(user=someone)
    state = used.start(page, someone)
    call_command("ensure_roles", verbosity=0)
    assert not Group.objects.filter(name="Moderators").exists()
    assert not Workflow.objects.filter(pk=unused.pk).exists()
    used.refresh_from_db()
    state.refresh_from_db()
    assert not used.active and state.status == "cancelled"
    assert page.get_workflow().name == "Review before publishing"


# "Confirm still correct" (issue 17): whoever may publish the guide; a
# translator may not confirm the English original.
@pytest.mark.parametrize("actor, expected", role_cases("confirm-still-correct", editor=DENIED, translator=DENIED))
def test_confirm_still_correct(client, actor, expected):
    log_in(client, actor)
    page = guide("en")
    response = client.get(reverse("guide_reviewed", args=[page.pk]))
    assert_outcome(response, expected)
    if expected == OK:
        assert "Confirm still correct" in response.content.decode()


CONTENT_API_ACTORS = ["anonymous", "no-groups", "editor", "reviewer", "translator", "administrator", "superuser"]


@pytest.mark.parametrize("actor", CONTENT_API_ACTORS)
def test_the_content_api_shows_every_role_what_anyone_sees_and_writes_nothing(client, actor):
    """Signed in or not, the API answers as to anyone (no draft, no private
    page, no editors' note), and a write is refused whatever the role."""
    page = guide("en")
    PageViewRestriction.objects.create(
        page=GuidePage.objects.get(slug="emergency-care", locale__language_code="en"), restriction_type="login"
    )
    author = User.objects.create_user("author", password="a long password for tests")
    page.title = "Draft title in review"
    page.save_revision(user=author)
    page.get_workflow().start(page, author)
    assert page.workflow_in_progress
    log_in(client, actor)
    listed = client.get("/api/v2/pages/", {"type": "guides.GuidePage", "locale": "en", "fields": "*", "limit": 50})
    assert listed.status_code == 200
    titles = {item["meta"]["slug"]: item["title"] for item in listed.json()["items"]}
    assert titles[GUIDE] == live_title(page) and "emergency-care" not in titles
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(f"/api/v2/pages/{page.pk}/", {"title": "x"}, content_type="application/json")
        assert response.status_code == 405
    assert live_title(page) != "x"

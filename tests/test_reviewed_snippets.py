"""Offices and glossary terms go through "Review before publishing", as
pages do (issue 17): an editor's change is a draft that readers see in no
language until a reviewer approves it; the Serbian Latin copy follows
publishing, not saving; history keeps each revision."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Locale

from guides.models import GlossaryTerm, Office

from .helpers import english, pass_second_step

pytestmark = pytest.mark.django_db

DRAFT_NAME = "Republic Health Insurance Fund, new branch (draft)"


def user_in(group, name):
    user = User.objects.create_user(name, password="x" * 20)
    user.groups.add(Group.objects.get(name=group))
    return user


def every_directory(client):
    return " ".join(client.get(f"/{locale.language_code}/offices/").content.decode() for locale in Locale.objects.all())


def test_an_office_edit_waits_for_a_reviewer_before_readers_see_it(client):
    office = english(Office).get(slug="rfzo-branch")
    editor = user_in("Editors", "office-editor")
    client.force_login(editor)
    edit_url = reverse("wagtailsnippets_guides_office:edit", args=[office.pk])
    form = {
        **{
            name: getattr(office, name)
            for name in ("name", "slug", "kind", "address", "city", "opening_hours", "phone", "website", "notes")
        },
        "hours-count": "0",
        "hours_exceptions-count": "0",
        "name": DRAFT_NAME,
        "action-submit": "action-submit",
    }
    response = client.post(edit_url, form)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.name != DRAFT_NAME and office.has_unpublished_changes
    assert office.workflow_in_progress
    client.logout()
    assert DRAFT_NAME not in every_directory(client)  # no language shows the draft

    reviewer = user_in("Reviewers", "office-reviewer")
    client.force_login(reviewer)
    pass_second_step(client, reviewer)
    state = office.current_workflow_task_state
    response = client.post(
        reverse("wagtailsnippets_guides_office:workflow_action", args=[office.pk, "approve", state.pk]), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    office.refresh_from_db()
    assert office.name == DRAFT_NAME and not office.has_unpublished_changes
    client.logout()
    assert DRAFT_NAME in client.get("/en/offices/").content.decode()
    # History: the editor's revision and its approval.
    assert office.revisions.filter(user=editor).exists()


def test_the_serbian_latin_copy_follows_publishing_not_saving():
    cyrillic = Office.objects.get(slug="rfzo-branch", locale__language_code="sr")
    latin = Office.objects.get(slug="rfzo-branch", locale__language_code="sr-latn")
    before = latin.name
    cyrillic.name = "Републички фонд, нацрт"
    cyrillic.save_revision()
    latin.refresh_from_db()
    assert latin.name == before
    cyrillic.latest_revision.publish()
    latin.refresh_from_db()
    assert latin.name == "Republički fond, nacrt"


def test_a_glossary_term_change_is_a_draft_until_published(client):
    term = english(GlossaryTerm).get(abbreviation="RFZO")
    term.full_name = "Draft name nobody may see"
    term.save_revision()
    guide = client.get("/en/health/registering-with-rfzo/").content.decode()
    glossary = client.get("/en/glossary/").content.decode()
    assert "Draft name nobody may see" not in guide + glossary
    term.latest_revision.publish()
    assert "Draft name nobody may see" in client.get("/en/glossary/").content.decode()

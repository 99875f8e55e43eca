"""An NGO editor logs into /admin/ and publishes a guide."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guides.models import GuidePage, Office, TopicPage

from .helpers import english, pass_second_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="correct horse battery staple")
    # Reviewers publish without review (editors only submit for it).
    user.groups.add(Group.objects.get(name="Reviewers"))
    # Through the sign-in form, as an editor does (and as django-axes watches).
    signed_in = client.post(
        reverse("wagtailadmin_login"), {"username": "editor", "password": "correct horse battery staple"}
    )
    assert signed_in.status_code == 302
    pass_second_step(client, user)  # reviewers give a code too (tests/test_sign_in.py)
    return user


def guide_form(office):
    return nested_form_data(
        {
            "title": "Getting a library card",
            "slug": "library-card",
            "summary": "Any resident can get a library card at the city library.",
            "audience": "Everyone living in Belgrade.",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "heading": "Bring your white card",
                            "body": rich_text("<p>Show the registration of your stay at the desk.</p>"),
                            "documents": {"count": 1, "0": {"value": "Passport", "deleted": "", "order": 0, "id": ""}},
                            "office": office.pk,
                            "cost": "",
                            "duration": "",
                            "tip": "",
                            "warning": "",
                        },
                    )
                ]
            ),
            "sources": streamfield([]),
            "related_guides": streamfield([]),
            "change_notes": streamfield([]),
            "review_interval_months": 6,
            "action-publish": "action-publish",
        }
    )


def test_login_page_is_reachable(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert b"Sign in" in response.content or b"Log in" in response.content


def test_editor_creates_and_publishes_a_guide(client, editor):
    topic = english(TopicPage).get(slug="culture")
    office = english(Office).get(slug="russian-house")
    url = reverse("wagtailadmin_pages:add", args=["guides", "guidepage", topic.pk])
    response = client.post(url, guide_form(office))
    assert response.status_code == 302, response.content.decode()[:2000]

    guide = english(GuidePage).get(slug="library-card")
    assert guide.live and guide.owner == editor
    page = client.get("/en/culture/library-card/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bring your white card" in html and 'id="step-1"' in html and "Passport" in html
    assert office.name in html


def test_a_guide_without_steps_is_refused_with_a_message(client, editor):
    topic = english(TopicPage).get(slug="culture")
    data = guide_form(english(Office).get(slug="russian-house"))
    data.update(nested_form_data({"steps": streamfield([])}))
    response = client.post(reverse("wagtailadmin_pages:add", args=["guides", "guidepage", topic.pk]), data)
    assert response.status_code == 200
    assert not english(GuidePage).filter(slug="library-card").exists()
    assert b"The page could not be created due to validation errors" in response.content

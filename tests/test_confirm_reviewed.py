"""'Confirm still correct' (issue 17): a reviewer records, in one action, that
a guide's facts still hold in the languages they checked. The languages in
sync are ticked; one the reviewer may not publish is refused with a message
and the form keeps their choice."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from editorial.review import REVIEWED
from guides.models import GuidePage

from .helpers import english, pass_second_step, soup, text

pytestmark = pytest.mark.django_db

SLUG = "health-care-in-reception-centres"
LONG_AGO = datetime.date(2025, 1, 1)


@pytest.fixture
def guide():
    original = english(GuidePage).get(slug=SLUG)
    GuidePage.objects.filter(translation_key=original.translation_key).update(last_reviewed=LONG_AGO)
    return original


def reviewed_on(language):
    return GuidePage.objects.get(slug=SLUG, locale__language_code=language).last_reviewed


def page(response):
    """The form page, also when it comes back refused (400)."""
    assert response.status_code in (200, 400), response.status_code
    return BeautifulSoup(response.content, "html.parser")


def ticked(response):
    form = page(response).find("form", class_="confirm-reviewed")
    return {box["value"] for box in form.select("input[name=languages]") if box.has_attr("checked")}


def test_only_the_languages_the_reviewer_checked_are_confirmed(admin_client, admin_user, guide):
    response = admin_client.post(
        reverse("guide_reviewed", args=[guide.pk]), {"choosing": "1", "languages": ["en", "ru"]}, follow=True
    )
    assert "is marked as reviewed today in English, Русский" in text(soup(response))
    today = timezone.localdate()
    assert reviewed_on("en") == reviewed_on("ru") == today
    assert reviewed_on("uk") == reviewed_on("ar") == LONG_AGO
    # Who and when, per language.
    entries = PageLogEntry.objects.filter(action=REVIEWED, page__translation_key=guide.translation_key)
    assert {(entry.page.locale.language_code, entry.user) for entry in entries} == {
        ("en", admin_user),
        ("ru", admin_user),
    }


def test_a_translation_behind_its_original_is_not_ticked_nor_confirmed_by_default(admin_client, guide):
    guide.summary += " Checked again."
    guide.save_revision().publish()  # every translation is now behind
    GuidePage.objects.filter(translation_key=guide.translation_key).update(last_reviewed=LONG_AGO)
    form = admin_client.get(reverse("guide_reviewed", args=[guide.pk]))
    assert ticked(form) == {"en"}
    assert "outdated or not published" in text(soup(form))

    admin_client.post(reverse("guide_reviewed", args=[guide.pk]))  # the one-click default
    assert reviewed_on("en") == timezone.localdate()
    assert reviewed_on("ru") == LONG_AGO


def test_a_language_the_reviewer_may_not_publish_is_refused_and_the_choice_kept(client, guide):
    """A reviewer of English guides only: Arabic is not theirs to confirm."""
    group = Group.objects.create(name="English reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    english_home = Page.objects.get(pk=guide.get_parent().get_parent().pk)
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=english_home, permission=Permission.objects.get(codename=permission)
        )
    reviewer = User.objects.create_user("en-reviewer", password="x" * 20)
    reviewer.groups.add(group)
    client.force_login(reviewer)
    pass_second_step(client, reviewer)

    form = client.get(reverse("guide_reviewed", args=[guide.pk]))
    arabic = soup(form).find("input", value="ar")
    assert arabic.has_attr("disabled") and "ar" not in ticked(form)

    response = client.post(reverse("guide_reviewed", args=[guide.pk]), {"choosing": "1", "languages": ["en", "ar"]})
    assert response.status_code == 400
    assert "You may not confirm العربية" in text(page(response))
    assert ticked(response) == {"en", "ar"}  # nothing they chose is lost
    assert reviewed_on("en") == reviewed_on("ar") == LONG_AGO


def test_choosing_no_language_says_so(admin_client, guide):
    response = admin_client.post(reverse("guide_reviewed", args=[guide.pk]), {"choosing": "1"})
    assert response.status_code == 400 and "Choose the languages you checked" in text(page(response))
    assert reviewed_on("en") == LONG_AGO

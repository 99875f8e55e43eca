"""A translation is outdated while the text readers see was taken from an
older version of its source: syncing without publishing changes nothing
readers see, so it must not hide the notice (issue 13, item 3)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from guides.models import GuidePage
from languages.setup import translators_group_name

from .helpers import soup

pytestmark = pytest.mark.django_db

SLUG = "registering-your-stay"
RUSSIAN_URL = f"/ru/residence/{SLUG}/"


def says_outdated(client):
    # The outdated notice, and only it, links to the original.
    return bool(
        soup(client.get(RUSSIAN_URL)).select(".translation-notice a[href='/en/residence/registering-your-stay/']")
    )


def in_report(admin_client, title):
    page = soup(admin_client.get("/admin/reports/outdated-translations/", {"target_locale": "ru"}))
    return any(row.find("td").get_text(strip=True).startswith(title) for row in page.select("tbody tr"))


def test_sync_without_publishing_keeps_the_live_translation_outdated(
    client, admin_client, django_capture_on_commit_callbacks
):
    source = GuidePage.objects.get(slug=SLUG, locale__language_code="en")
    russian = GuidePage.objects.get(slug=SLUG, locale__language_code="ru")
    live_summary = russian.summary
    assert not says_outdated(client)
    assert not in_report(admin_client, russian.title)

    source.summary += " Changed after the translation."
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    assert says_outdated(client)
    assert in_report(admin_client, russian.title)

    # The Russian translator syncs, leaving "Publish immediately" unticked.
    translator = User.objects.create_user("translator", password="a long password for tests")
    translator.groups.add(Group.objects.get(name=translators_group_name("ru")))
    client.force_login(translator)
    translation_source = TranslationSource.objects.get_for_instance(source)
    synced_before = translation_source.last_updated_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtail_localize:update_translations", args=[translation_source.pk]), {})
    assert response.status_code == 302
    translation_source.refresh_from_db()
    assert translation_source.last_updated_at > synced_before  # synced
    client.logout()

    # Readers still get the text made from the old source, and are told so.
    russian.refresh_from_db()
    assert russian.summary == live_summary
    assert says_outdated(client)
    assert in_report(admin_client, russian.title)

    # Published from the synced source (the translation editor's "Publish"): up to date.
    translation = Translation.objects.get(
        source=translation_source, target_locale=Locale.objects.get(language_code="ru")
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=translator, publish=True)
    assert not says_outdated(client)
    assert not in_report(admin_client, russian.title)

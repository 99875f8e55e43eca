"""Who puts a translation live (issue 13, item 5). By default each
language's translators publish it; with TRANSLATIONS_NEED_REVIEW on they
submit it for review and only a reviewer's approval shows it to readers."""

import html
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from languages.setup import ensure_locales, ensure_translator_groups, translators_group_name

from .test_permissions import DENIED, LOGIN, OK, assert_outcome, case, guide, live_title, log_in, set_translated_title
from .test_translation_guards import commit, locale, new_english_guide  # noqa: F401  (commit is a fixture)

pytestmark = pytest.mark.django_db

SUBMIT = "Submit translation for review"


@pytest.fixture
def review_mode(settings):
    """The one switch, as an administrator sets it, and the release step's
    ensure_languages that follows it."""
    settings.TRANSLATIONS_NEED_REVIEW = True
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    ensure_translator_groups(ensure_locales())
    yield
    settings.TRANSLATIONS_NEED_REVIEW = False
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    ensure_translator_groups(ensure_locales())


def russian_translator():
    user = User.objects.create_user("translator-ru", password="a long password for tests")
    user.groups.add(Group.objects.get(name=translators_group_name("ru")))
    return user


def reviewer():
    user = User.objects.create_user("reviewer-1", password="a long password for tests")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def reader_sees(client, page, text):
    client.logout()
    cache.clear()
    return text in client.get(Page.objects.get(pk=page.pk).url).content.decode()


def approve(client, page):
    client.force_login(reviewer())
    state = Page.objects.get(pk=page.pk).specific.current_workflow_task_state
    assert state is not None, "nothing is waiting for review"
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]), {"comment": ""}
    )
    assert response.status_code in (200, 302)


def test_by_default_translators_publish_their_own_language_only():
    translator = russian_translator()
    assert guide("ru").permissions_for_user(translator).can_publish()
    assert not guide("uk").permissions_for_user(translator).can_publish()


def test_the_switch_takes_publishing_from_translators_and_gives_it_back(settings, review_mode):
    translator = russian_translator()
    assert guide("ru").permissions_for_user(translator).can_edit()
    assert not guide("ru").permissions_for_user(translator).can_publish()
    settings.TRANSLATIONS_NEED_REVIEW = False
    ensure_translator_groups(ensure_locales())
    translator = User.objects.get(pk=translator.pk)  # permissions are cached on the user
    assert guide("ru").permissions_for_user(translator).can_publish()


def test_a_translation_goes_live_only_when_a_reviewer_approves_it(client, review_mode):
    page = guide("ru")
    old_title = page.title
    set_translated_title(page, "Сербский язык: курсы и самоучители")
    # The button in the listing's "More" menu, and the confirmation page's
    # form as a browser posts it (with its CSRF token).
    translator = Client(enforce_csrf_checks=True)
    translator.force_login(russian_translator())
    listing = translator.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
    link = re.search(rf'href="({re.escape(reverse("submit_translation_for_review", args=[page.pk]))}[^"]*)"', listing)
    assert link and SUBMIT in listing, "no Submit translation for review in the page's menu"
    confirmation = translator.get(html.unescape(link[1])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirmation)[1]
    response = translator.post(html.unescape(link[1]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert live_title(page) == old_title
    assert not reader_sees(client, page, "курсы и самоучители")
    approve(client, page)
    assert live_title(page) == "Сербский язык: курсы и самоучители"
    assert reader_sees(client, page, "курсы и самоучители")


def test_submitting_again_puts_the_latest_text_in_front_of_the_reviewer(client, review_mode):
    page = guide("ru")
    client.force_login(russian_translator())
    set_translated_title(page, "Первый вариант")
    client.post(reverse("submit_translation_for_review", args=[page.pk]))
    set_translated_title(page, "Второй вариант")
    client.post(reverse("submit_translation_for_review", args=[page.pk]))
    approve(client, page)
    assert live_title(page) == "Второй вариант"


def test_translate_starts_a_draft_and_the_reader_keeps_the_english_text(client, commit, review_mode):  # noqa: F811
    english = new_english_guide()
    russian = english.get_translation(locale("ru"))
    translator = russian_translator()
    client.force_login(translator)
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    with commit():
        response = client.post(url, {"locales": [locale("ru").pk]})
    assert response.status_code == 302
    assert Page.objects.get(pk=russian.pk).live
    set_translated_title(russian, "Сербский онлайн")
    client.post(reverse("submit_translation_for_review", args=[russian.pk]))
    assert reader_sees(client, russian, "Serbian online")
    assert not reader_sees(client, russian, "Сербский онлайн")
    approve(client, russian)
    assert reader_sees(client, russian, "Сербский онлайн")


@pytest.mark.parametrize(
    "actor, language, expected",
    [
        case("anonymous", LOGIN, "submit-translation-for-review", "ru"),
        case("editor", OK, "submit-translation-for-review", "ru"),
        case("translator-own-ru", OK, "submit-translation-for-review", "ru"),
        case("translator-other-uk", DENIED, "submit-translation-for-review", "uk"),
    ],
)
def test_who_may_submit_a_translation_for_review(client, review_mode, actor, language, expected):
    page = guide(language)
    log_in(client, actor)
    response = client.post(reverse("submit_translation_for_review", args=[page.pk]))
    assert_outcome(response, expected, allowed_status=302)
    waiting = Page.objects.get(pk=page.pk).specific.current_workflow_state is not None
    assert waiting is (expected == OK)


def test_who_may_publish_is_not_offered_review(client):
    client.force_login(russian_translator())
    page = guide("ru")
    listing = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
    assert SUBMIT not in listing

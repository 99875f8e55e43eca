"""wagtail-localize's views that publish (issue 13): "Translate" for pages
and snippets, with "Include subtree", and "Convert to alias page". Each role
against each action, in the style of test_permissions: what the database
holds afterwards and what an anonymous reader then sees."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.synctree import create_aliases_for_new_page

from guides.models import GuidePage, Office, TopicPage

from .helpers import english, soup
from .test_permissions import DENIED, LOGIN, OK, assert_outcome, case, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """wagtail-localize publishes new translations when the transaction
    commits; tests run in one that is rolled back, so run those callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def locale(language):
    return Locale.objects.get(language_code=language)


def new_english_guide():
    """A guide just published in English: a stand-in (alias) of it in every
    other language, as the synchronised trees make."""
    source = english(GuidePage).get(slug="learning-serbian")
    guide = source.copy(to=source.get_parent(), update_attrs={"slug": "serbian-online", "title": "Serbian online"})
    create_aliases_for_new_page(guide)
    return guide


def shown_as_stand_in(client, page):
    """What an anonymous reader gets at the page's address: the untranslated
    stand-in points search engines at the original (rel=canonical); a
    translation, at itself."""
    client.logout()
    page = Page.objects.get(pk=page.pk)
    response = client.get(page.url)
    assert response.status_code == 200, response.status_code
    return soup(response).find("link", rel="canonical")["href"] != page.full_url


def offered_locales(response):
    return {item.language_code for item in response.context["form"].fields["locales"].queryset}


# ---------------------------------------------------------------- "Translate this page"


# Whoever may publish the page in a language may translate into it; the
# form neither offers nor accepts the others.
@pytest.mark.parametrize(
    "actor, language, expected",
    [
        case("anonymous", LOGIN, "translate-page", "uk"),
        case("no-groups", LOGIN, "translate-page", "uk"),
        case("editor", DENIED, "translate-page", "uk"),
        case("reviewer", OK, "translate-page", "uk"),
        case("translator-own-ru", OK, "translate-page", "ru"),
        case("translator-other-uk", DENIED, "translate-page", "uk"),
        case("translator-other-ar", DENIED, "translate-page", "ar"),
        case("administrator", OK, "translate-page", "ar"),
        case("superuser", OK, "translate-page", "ar"),
    ],
)
def test_translate_a_page(client, commit, actor, language, expected):
    guide = new_english_guide()
    target = guide.get_translation(locale(language))
    log_in(client, actor)
    url = reverse("wagtail_localize:submit_page_translation", args=[guide.pk])
    if expected != LOGIN:
        assert (language in offered_locales(client.get(url))) is (expected == OK)
    with commit():
        response = client.post(url, {"locales": [locale(language).pk]})
    if expected == DENIED:
        assert response.status_code == 200 and response.context["form"].errors["locales"]
    else:
        assert_outcome(response, expected, allowed_status=302)
    target = Page.objects.get(pk=target.pk)
    assert target.live
    assert (target.alias_of_id is None) is (expected == OK), f"{actor} translated the guide into {language}"
    assert shown_as_stand_in(client, target) is (expected != OK)


# A page that exists only in Russian (a translator wrote it there): putting
# it into English makes a new English page, live at once.
@pytest.mark.parametrize(
    "actor, expected",
    [
        case("editor", DENIED, "translate-new-page-into-english"),
        case("translator-own-ru", DENIED, "translate-new-page-into-english"),
        case("reviewer", OK, "translate-new-page-into-english"),
        case("administrator", OK, "translate-new-page-into-english"),
    ],
)
def test_translate_a_page_that_exists_only_in_another_language(client, commit, actor, expected):
    russian = GuidePage.objects.get(slug="learning-serbian", locale__language_code="ru")
    only_russian = russian.copy(
        to=russian.get_parent(), update_attrs={"slug": "serbian-online", "title": "Сербский онлайн"}
    )
    log_in(client, actor)
    with commit():
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[only_russian.pk]), {"locales": [locale("en").pk]}
        )
    english_page = only_russian.get_translation_or_none(locale("en"))
    if expected == OK:
        assert response.status_code == 302
        assert english_page is not None and english_page.live
        client.logout()
        assert client.get(english_page.url).status_code == 200
    else:
        assert response.status_code == 200 and response.context["form"].errors["locales"]
        assert english_page is None
        client.logout()
        assert client.get("/en/education/serbian-online/").status_code == 404


def new_english_topic():
    """A topic with one guide, both just published, with stand-ins everywhere."""
    culture = english(TopicPage).get(slug="culture")
    topic = culture.copy(to=culture.get_parent(), recursive=True, update_attrs={"slug": "leisure", "title": "Leisure"})
    create_aliases_for_new_page(topic)
    for child in topic.get_children():
        create_aliases_for_new_page(child)
    return topic, topic.get_children().first()


def test_include_subtree_translates_the_pages_below_where_the_translator_may_publish(client, commit):
    topic, child = new_english_topic()
    log_in(client, "translator")
    url = reverse("wagtail_localize:submit_page_translation", args=[topic.pk])
    assert offered_locales(client.get(url)) == {"ru"}
    with commit():
        response = client.post(url, {"locales": [locale("uk").pk], "include_subtree": "on"})
    assert response.status_code == 200
    with commit():
        response = client.post(url, {"locales": [locale("ru").pk], "include_subtree": "on"})
    assert response.status_code == 302
    for page in (topic, child):
        assert page.get_translation(locale("ru")).alias_of_id is None
        assert page.get_translation(locale("uk")).alias_of_id is not None


def test_include_subtree_is_refused_when_a_page_below_may_not_be_published(client, commit):
    """A translator who may publish only the topic in Russian, whose guide's
    Russian page was moved out from under it: the topic may be translated,
    the subtree may not."""
    topic, child = new_english_topic()
    russian_topic = topic.get_translation(locale("ru"))
    russian_child = child.get_translation(locale("ru"))
    russian_child.move(russian_topic.get_parent(), pos="last-child")
    group = Group.objects.create(name="Topic translators")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "submit_translation"]))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=russian_topic,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user = User.objects.create_user("topic-translator")
    user.groups.add(group)
    client.force_login(user)
    url = reverse("wagtail_localize:submit_page_translation", args=[topic.pk])
    with commit():
        response = client.post(url, {"locales": [locale("ru").pk], "include_subtree": "on"})
    assert response.status_code == 200 and response.context["form"].errors["include_subtree"]
    assert Page.objects.get(pk=russian_topic.pk).alias_of_id is not None
    assert Page.objects.get(pk=russian_child.pk).alias_of_id is not None


# ---------------------------------------------------------------- "Translate" an office


# A new copy of an office in another language is published at once, and
# offices go live only through review (issue 17): it needs the right to
# publish offices, which reviewers have and editors do not.
@pytest.mark.parametrize(
    "actor, expected",
    [
        case("anonymous", LOGIN, "translate-office"),
        case("no-groups", LOGIN, "translate-office"),
        case("editor", DENIED, "translate-office"),
        case("reviewer", OK, "translate-office"),
        case("translator", DENIED, "translate-office"),
        case("administrator", OK, "translate-office"),
        case("superuser", OK, "translate-office"),
    ],
)
def test_translate_an_office(client, commit, actor, expected):
    office = Office.objects.create(
        name="Library of Belgrade", slug="library-of-belgrade", kind="ngo", locale=locale("en")
    )
    log_in(client, actor)
    url = reverse("wagtail_localize:submit_snippet_translation", args=["guides", "office", office.pk])
    if expected != LOGIN:
        assert ("ar" in offered_locales(client.get(url))) is (expected == OK)
    with commit():
        response = client.post(url, {"locales": [locale("ar").pk]})
    if expected == DENIED:
        assert response.status_code == 200 and response.context["form"].errors["locales"]
    else:
        assert_outcome(response, expected, allowed_status=302)
    assert (office.get_translation_or_none(locale("ar")) is not None) is (expected == OK)


# ---------------------------------------------------------------- "Convert to alias page"


# It replaces a live translation with the English text: the right to
# publish the page, not only to edit it.
@pytest.mark.parametrize(
    "actor, language, expected",
    [
        case("anonymous", LOGIN, "convert-to-alias", "ar"),
        case("no-groups", LOGIN, "convert-to-alias", "ar"),
        case("editor", DENIED, "convert-to-alias", "ar"),
        case("reviewer", OK, "convert-to-alias", "ar"),
        case("translator-own-ru", OK, "convert-to-alias", "ru"),
        case("translator-other-ar", DENIED, "convert-to-alias", "ar"),
        case("administrator", OK, "convert-to-alias", "ar"),
        case("superuser", OK, "convert-to-alias", "ar"),
    ],
)
def test_convert_a_translation_to_an_alias(client, commit, actor, language, expected):
    page = GuidePage.objects.get(slug="emergency-care", locale__language_code=language)
    log_in(client, actor)
    with commit():
        response = client.post(reverse("wagtail_localize:convert_to_alias", args=[page.pk]))
    assert_outcome(response, expected, allowed_status=302)
    assert (Page.objects.get(pk=page.pk).alias_of_id is not None) is (expected == OK)
    assert shown_as_stand_in(client, page) is (expected == OK)


def test_converting_to_an_alias_empties_the_page_cache_and_the_cdn(client, settings, commit):
    settings.PAGE_CACHE_SECONDS = 600
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://cdn.internal:6081",
        },
    }
    page = GuidePage.objects.get(slug="emergency-care", locale__language_code="ar")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    log_in(client, "reviewer")
    with mock.patch("wagtail.contrib.frontend_cache.backends.http.urlopen") as urlopen, commit():
        client.post(reverse("wagtail_localize:convert_to_alias", args=[page.pk]))
    purged = {call.args[0].selector for call in urlopen.call_args_list}
    assert "/ar/health/emergency-care/" in purged
    client.logout()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "/en/health/emergency-care/" in soup(response).find("link", rel="canonical")["href"]  # the original

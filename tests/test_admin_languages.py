"""The admin in the editors' languages: Russian, Serbian in both scripts, and
the names and counts an editor reads there (issue 12, items 16 and 17)."""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from guides.models import GlossaryTerm, Office
from languages.setup import ensure_locales, ensure_translator_groups

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db


def admin_in(user, language_code):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language_code
    profile.save()


def menu_labels(admin_client):
    """Every label in the admin's sidebar, submenus included."""
    props = soup(admin_client.get("/admin/")).find(id="wagtail-sidebar-props").string
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return labels


def test_reader_feedback_listing_speaks_russian_and_offers_no_add(admin_client, admin_user):
    admin_in(admin_user, "ru")
    page = soup(admin_client.get("/admin/feedback/"))
    headings = [text(th) for th in page.select("table.listing thead th")]
    assert "Инструкция" in headings and "Язык" in headings and "Помогла" in headings
    assert not {"Page", "Locale", "Helpful"} & set(headings)
    cells = {text(td) for td in page.select("table.listing tbody td")}
    assert {"Да", "Нет"} <= cells and not {"True", "False"} & cells
    # Readers give feedback; editors only read and handle it.
    assert not page.select('a[href="/admin/feedback/new/"]')
    refused = admin_client.get("/admin/feedback/new/")  # Wagtail's "no permission": back to the dashboard
    assert refused.status_code == 302 and refused.url == "/admin/"


def test_one_answer_inspected_in_russian(admin_client, admin_user):
    from feedback.models import Feedback

    admin_in(admin_user, "ru")
    answer = Feedback.objects.filter(helpful=False).first()
    body = text(soup(admin_client.get(f"/admin/feedback/inspect/{answer.pk}/")).find("main"))
    assert f"{answer.page.title}: Нет" in body and "Последнее изменение" in body
    assert "False" not in body and "Updated at" not in body


def test_reports_menu_has_one_search_queries_item_and_translations_in_each_language(admin_client, admin_user):
    # The first admin request after a restart used to fix the "Translations"
    # label in its language for every later editor.
    admin_in(admin_user, "en")
    assert "Translations" in menu_labels(admin_client)
    admin_in(admin_user, "ru")
    labels = menu_labels(admin_client)
    assert labels.count("Поисковые запросы") == 1 and "Search terms" not in labels
    assert "Переводы" in labels and "Translations" not in labels
    assert "Что нового в Wagtail 8.0" in labels
    admin_in(admin_user, "sr")
    labels = menu_labels(admin_client)
    # Serbian Cyrillic throughout: Wagtail's own Serbian catalogue says "Podešavanja".
    assert "Преводи" in labels and "Подешавања" in labels and "Podešavanja" not in labels


@pytest.mark.parametrize(
    "code, heading",
    [("sr", "Водичи које треба проверити"), ("sr-latn", "Vodiči koje treba proveriti")],
)
def test_serbian_is_an_admin_language_in_both_scripts(admin_client, admin_user, code, heading):
    account = soup(admin_client.get("/admin/account/"))
    offered = {option["value"]: text(option) for option in account.select("select[name$=preferred_language] option")}
    assert offered["sr"] == "српски" and offered["sr-latn"] == "srpski (latinica)"

    admin_in(admin_user, code)
    dashboard = soup(admin_client.get("/admin/"))
    assert dashboard.html["lang"] == code
    assert heading in text(dashboard.find("main")) and "Guides due for review" not in text(dashboard.find("main"))


def test_translator_groups_name_their_language_as_readers_see_it(admin_client, admin_user):
    admin_in(admin_user, "ru")
    names = [text(cell) for cell in soup(admin_client.get("/admin/groups/")).select("table.listing tbody td a")]
    assert "Translators: فارسی" in names and "Translators: Русский" in names and "Translators: Српски" in names
    assert "Translators: پښتو" in names and "Translators: اردو" in names
    assert not [
        name for name in names if name in ("Translators: Persian", "Translators: Russian", "Translators: Serbian")
    ]


def test_translator_groups_made_before_keep_their_members_under_the_new_name(admin_user):
    group = Group.objects.get(name="Translators: فارسی")
    group.name = "Translators: Persian"
    group.save()
    admin_user.groups.add(group)
    ensure_translator_groups(ensure_locales())
    group.refresh_from_db()
    assert group.name == "Translators: فارسی" and admin_user in group.user_set.all()
    assert not Group.objects.filter(name="Translators: Persian").exists()


def test_snippets_are_counted_once_not_once_per_language(admin_client):
    rows = {
        text(row.select_one("td a")): text(row.select("td")[-1])
        for row in soup(admin_client.get("/admin/snippets/")).select("table.listing tbody tr")
    }
    assert rows["Offices"] == str(english(Office).count()) != str(Office.objects.count())
    assert rows["Glossary terms"] == str(english(GlossaryTerm).count())


def test_the_page_explorer_root_lists_the_home_pages_in_language_order_english_first(admin_client):
    page = soup(admin_client.get("/admin/pages/"))
    languages = [text(label) for label in page.select("table.listing tbody td.title span.w-status--label")]
    assert languages[:9] == ["English", "Српски", "Srpski", "Русский", "Українська", "العربية", "فارسی", "پښتو", "اردو"]


def test_the_review_panel_is_a_dashboard_panel_like_wagtails_own(admin_client):
    panel = soup(admin_client.get("/admin/")).select_one("section#guides-due-section")
    assert "w-panel--dashboard" in panel["class"]
    assert text(panel.select_one(".w-panel__header h2 [data-panel-heading-text]")) == "Guides due for review"

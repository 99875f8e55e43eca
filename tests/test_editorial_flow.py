"""An editor's day in the admin: a guide is added, reviewed, deleted and added
again, in a portal whose pages exist in every language."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guides.models import GuidePage, TopicPage

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db

LANGUAGES = 9  # en, sr, sr-latn, ru, uk, ar, fa, ps, ur


def new_guide_form(title="Dental care for newcomers", slug="dental-care", publish=True):
    data = {
        "title": title,
        "slug": slug,
        "summary": "Where to see a dentist.",
        "audience": "",
        "steps": streamfield(
            [
                (
                    "step",
                    {
                        "heading": "Find a dentist",
                        "body": rich_text("<p>Ask at the health centre.</p>"),
                        "documents": {"count": 0},
                        "office": "",
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
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def add_guide(client, **kwargs):
    health = english(TopicPage).get(slug="health")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["guides", "guidepage", health.pk]), new_guide_form(**kwargs)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return english(GuidePage).get(slug=kwargs.get("slug", "dental-care"))


# Item 2: "Confirm still correct" (issue 17: for the languages the reviewer checked)


def test_confirm_still_correct_works_with_csrf_checks(admin_user):
    """The header links to the form; its form carries the CSRF token and
    comes back where the reviewer was."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    guide = english(GuidePage).get(slug="health-care-in-reception-centres")
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    link = soup(client.get(edit_url)).find("a", href=re.compile(reverse("guide_reviewed", args=[guide.pk])))
    assert text(link) == "Confirm still correct"
    form = soup(client.get(link["href"])).find("form", class_="confirm-reviewed")
    # What the browser sends: the hidden fields and the ticked boxes.
    fields = {}
    for field in form.find_all("input"):
        if field["type"] != "checkbox" or field.has_attr("checked"):
            fields.setdefault(field["name"], []).append(field.get("value", ""))
    assert fields.get("csrfmiddlewaretoken") and "en" in fields["languages"]
    response = client.post(form["action"], fields, follow=True)
    assert response.redirect_chain[-1][0] == edit_url  # back where the reviewer was
    assert "is marked as reviewed today" in text(soup(response))
    guide.refresh_from_db()
    assert guide.last_reviewed == timezone.localdate()


# Item 4: deleting a source deletes its stand-ins


def test_deleting_an_english_guide_deletes_its_stand_ins(admin_client, client):
    """An abandoned "Add guide" draft is deleted; the same title added again
    gets the plain address in every language."""
    draft = add_guide(admin_client, publish=False)
    assert Page.objects.filter(alias_of=draft).count() == LANGUAGES - 1

    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not GuidePage.objects.filter(translation_key=draft.translation_key).exists()

    guide = add_guide(admin_client)
    assert set(GuidePage.objects.filter(translation_key=guide.translation_key).values_list("slug", flat=True)) == {
        "dental-care"
    }
    assert client.get("/ru/health/dental-care/").status_code == 200
    assert client.get("/ru/health/dental-care-1/").status_code == 404


def test_deleting_an_english_guide_keeps_its_translations(admin_client):
    guide = english(GuidePage).get(slug="learning-serbian")
    translations = GuidePage.objects.filter(translation_key=guide.translation_key, alias_of__isnull=True).exclude(
        pk=guide.pk
    )
    kept = set(translations.values_list("pk", flat=True))
    assert kept
    confirm = admin_client.get(reverse("wagtailadmin_pages:delete", args=[guide.pk]))
    assert "also delete" not in text(soup(confirm))  # no translation goes with it
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[guide.pk]))
    assert set(GuidePage.objects.filter(translation_key=guide.translation_key).values_list("pk", flat=True)) == kept


# Item 5: review dates and the review lists


def test_a_new_guide_is_reviewed_on_its_first_publication(admin_client):
    guide = add_guide(admin_client)
    today = timezone.localdate()
    assert guide.last_reviewed == today and guide.next_review > today
    # Its stand-ins tell readers the same date, and the next draft keeps it.
    assert set(
        GuidePage.objects.filter(translation_key=guide.translation_key).values_list("last_reviewed", flat=True)
    ) == {today}
    assert guide.latest_revision.as_object().last_reviewed == today
    panel = soup(admin_client.get("/admin/")).select_one('section[aria-labelledby="guides-due-heading"]')
    assert guide.title not in text(panel)


def test_a_later_publication_keeps_the_review_date(admin_client):
    guide = english(GuidePage).get(slug="health-care-in-reception-centres")
    reviewed = guide.last_reviewed
    guide.save_revision().publish()
    guide.refresh_from_db()
    assert guide.last_reviewed == reviewed


def page_keys(links):
    ids = [int(re.search(r"/pages/(\d+)/", link["href"]).group(1)) for link in links]
    return [Page.objects.get(pk=pk).translation_key for pk in ids]


def versions_of(slug):
    guide = english(GuidePage).get(slug=slug)
    return GuidePage.objects.filter(translation_key=guide.translation_key, alias_of__isnull=True)


def test_dashboard_lists_each_guide_once_with_its_languages(admin_client):
    overdue = english(GuidePage).get(slug="health-care-in-reception-centres")
    assert versions_of(overdue.slug).count() > 1
    panel = soup(admin_client.get("/admin/")).select_one("table.guides-due")
    rows = panel.select("tbody tr")
    keys = page_keys([row.find("a") for row in rows])
    assert len(keys) == len(set(keys))
    row = rows[keys.index(overdue.translation_key)]
    languages = text(row.find_all("td")[1])
    assert row.find("a").get_text(strip=True) == overdue.title
    assert set(languages.split(", ")) == {v.locale.language_code for v in versions_of(overdue.slug)}


def test_review_report_lists_each_guide_once_with_its_languages(admin_client):
    page = soup(admin_client.get("/admin/reports/guides-review/"))
    rows = page.select("tbody tr")
    keys = page_keys([row.find("a") for row in rows])
    assert len(keys) == len(set(keys)) == english(GuidePage).count()
    overdue = english(GuidePage).get(slug="health-care-in-reception-centres")
    row = rows[keys.index(overdue.translation_key)]
    cells = [text(cell) for cell in row.find_all("td")]
    assert set(cells[1].split(", ")) == {v.locale.language_code for v in versions_of(overdue.slug)}
    assert "Overdue" in cells


def test_marking_a_guide_reviewed_marks_every_language(admin_client):
    overdue = english(GuidePage).get(slug="health-care-in-reception-centres")
    admin_client.post(reverse("guide_reviewed", args=[overdue.pk]))
    assert set(versions_of(overdue.slug).values_list("last_reviewed", flat=True)) == {timezone.localdate()}
    report = soup(admin_client.get("/admin/reports/guides-review/", {"locale": "ru"}))
    row = next(r for r in report.select("tbody tr") if text(r.find("td")).startswith(overdue.title))
    assert "Current" in [text(cell) for cell in row.find_all("td")]

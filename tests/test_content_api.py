"""The content API (issue 19): a partner's app or chat bot reads a guide's
steps in its readers' language, with the offices and glossary beside them,
and never anything readers cannot see on the site."""

import json
import re
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
from django.conf import settings
from django.test import override_settings
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012 as DRAFT2020
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from guides.models import GuidePage, Office, TopicPage

from .helpers import english

pytestmark = pytest.mark.django_db

API = "/api/v2"


def get(client, path, **query):
    response = client.get(f"{API}/{path}", query)
    assert response.status_code == 200, (response.status_code, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def real_translations(guide):
    return GuidePage.objects.live().filter(translation_key=guide.translation_key, alias_of__isnull=True)


def test_a_guides_steps_in_each_language_it_is_written_in(client):
    source = english(GuidePage).get(slug="emergency-care")
    versions = list(real_translations(source).select_related("locale"))
    assert len(versions) == len(settings.LANGUAGES)
    for guide in versions:
        language = guide.locale.language_code
        found = get(client, "pages/", type="guides.GuidePage", slug="emergency-care", locale=language, fields="steps")
        assert found["meta"]["total_count"] == 1
        (item,) = found["items"]
        assert item["title"] == guide.title and item["meta"]["locale"] == language
        assert item["meta"]["html_url"] == settings.PUBLIC_URL + guide.url
        steps = item["steps"]
        assert [step["heading"] for step in steps] == [block.value["heading"] for block in guide.steps]
        assert [step["number"] for step in steps] == list(range(1, len(guide.steps) + 1))
        assert steps[0]["html_url"] == f"{settings.PUBLIC_URL}{guide.url}#step-1"
        # The step's text is the reader's text, as HTML.
        first_words = re.sub(r"<[^>]+>", "", guide.steps[0].value["body"].source).split()[:3]
        assert " ".join(first_words) in re.sub(r"<[^>]+>", "", steps[0]["text"])


def test_a_guide_names_its_office_and_its_translations(client):
    guide = GuidePage.objects.get(slug="registering-with-rfzo", locale__language_code="fa")
    data = get(client, f"pages/{guide.pk}/")
    assert data["meta"]["type"] == "guides.GuidePage" and data["summary"] == guide.summary
    with_office = [step for step in data["steps"] if step["office"]]
    assert with_office, "the demo guide sends readers to the RFZO branch"
    office = Office.objects.get(pk=with_office[0]["office"]["id"])
    assert office.live and office.locale_id == guide.locale_id
    assert with_office[0]["office"]["html_url"] == f"{settings.PUBLIC_URL}/fa/offices/#{office.anchor}"
    # The office's own entry is one request away.
    entry = client.get(with_office[0]["office"]["detail_url"].removeprefix(settings.PUBLIC_URL)).json()
    assert entry["name"] == office.name and entry["meta"]["locale"] == "fa"
    # Translations: the real ones, each once, never itself.
    others = {item["locale"]: item["id"] for item in data["meta"]["translations"]}
    expected = {page.locale.language_code: page.pk for page in real_translations(guide).exclude(pk=guide.pk)}
    assert others == expected
    assert all(guide["meta"]["locale"] == "fa" for guide in get(client, "pages/", locale="fa")["items"])


def test_markdown_on_request(client):
    guide = english(GuidePage).get(slug="emergency-care")
    data = get(client, f"pages/{guide.pk}/", rich_text_format="markdown", fields="_,steps")
    assert "<p>" not in data["steps"][0]["text"] and data["steps"][0]["text"].strip()


def test_filters_by_topic_type_and_translation_key(client):
    health = english(TopicPage).get(slug="health")
    listed = get(client, "pages/", topic="health", locale="en", limit=50)
    assert listed["meta"]["total_count"] == GuidePage.objects.child_of(health).live().count() > 0
    assert {item["meta"]["type"] for item in listed["items"]} == {"guides.GuidePage"}
    events = get(client, "pages/", type="events.EventPage", locale="ru")
    assert events["items"] and {item["meta"]["type"] for item in events["items"]} == {"events.EventPage"}
    guide = english(GuidePage).get(slug="seeking-asylum")
    everywhere = get(client, "pages/", translation_key=str(guide.translation_key))
    assert {item["meta"]["locale"] for item in everywhere["items"]} == {
        page.locale.language_code for page in real_translations(guide)
    }
    offices = get(client, "offices/", kind="police", locale="sr")
    assert offices["items"] and all(item["meta"]["locale"] == "sr" for item in offices["items"])
    terms = get(client, "glossary/", locale="uk", fields="*")
    assert {term["abbreviation"] for term in terms["items"]} >= {"RFZO"}


def test_untranslated_stand_ins_are_left_out(client):
    stand_in = Page.objects.get(slug="cultural-life", locale__language_code="ps")
    assert stand_in.alias_of_id is not None
    assert client.get(f"{API}/pages/{stand_in.pk}/").status_code == 404
    pashto = get(client, "pages/", locale="ps", slug="cultural-life")
    assert pashto["meta"]["total_count"] == 0


def test_drafts_private_pages_and_pages_in_review_never_appear(client, django_user_model):
    drafted = english(GuidePage).get(slug="emergency-care")
    live_title = drafted.title
    drafted.title = "A draft title nobody approved"
    drafted.save_revision()
    private = english(GuidePage).get(slug="registering-with-rfzo")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x" * 12)
    unpublished = english(GuidePage).get(slug="health-insurance-options")
    unpublished.unpublish()
    topic = english(TopicPage).get(slug="health")
    never_live = topic.add_child(
        instance=GuidePage(title="Not yet reviewed", slug="not-yet-reviewed", summary="Draft.", live=False)
    )
    never_live.save_revision()
    office = english(Office).get(slug="rfzo-branch")
    office.name = "An office's unapproved name"
    office.save_revision()

    hidden = (private.pk, unpublished.pk, never_live.pk)
    for actor in (None, django_user_model.objects.create_superuser("admin", "a@example.org", "x" * 20)):
        if actor:
            client.force_login(actor)
        listed = get(client, "pages/", locale="en", topic="health", limit=50, fields="*")
        ids = {item["id"] for item in listed["items"]}
        assert drafted.pk in ids and not ids & set(hidden)
        assert {item["title"] for item in listed["items"] if item["id"] == drafted.pk} == {live_title}
        for pk in hidden:
            response = client.get(f"{API}/pages/{pk}/")
            assert response.status_code == 404 and "message" in response.json()
        text = json.dumps(get(client, "offices/", locale="en", limit=50, fields="*"))
        assert "unapproved name" not in text
        assert all(
            item["id"] not in hidden
            for item in get(client, f"pages/{english(GuidePage).get(slug='seeking-asylum').pk}/")["related_guides"]
        )


def test_no_field_readers_cannot_see(client):
    guide = english(GuidePage).get(slug="emergency-care")
    guide.review_note = "Editors only: check the fee with the clinic"
    guide.save_revision().publish()
    texts = [
        client.get(f"{API}/pages/{guide.pk}/").content.decode(),
        client.get(f"{API}/pages/", {"type": "guides.GuidePage", "fields": "*", "limit": 50}).content.decode(),
        client.get(f"{API}/offices/", {"fields": "*", "limit": 50}).content.decode(),
        client.get(f"{API}/glossary/", {"fields": "*", "limit": 50}).content.decode(),
    ]
    for text in texts:
        assert "Editors only" not in text
        for name in ("review_note", "owner", "locked_by", "latest_revision", "to_fill", "draft_title", "live_revision"):
            assert f'"{name}"' not in text
    for name in ("review_note", "owner", "to_fill"):
        response = client.get(f"{API}/pages/", {"fields": name, "type": "guides.GuidePage"})
        assert response.status_code == 400 and "unknown fields" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("pages/?locale=xx", "unknown locale 'xx'. Use one of: en, sr, sr-latn"),
        ("offices/?locale=de", "unknown locale 'de'"),
        ("pages/?type=guides.Nothing", "type doesn't exist"),
        ("pages/?type=guides.Office", "type doesn't exist"),
        ("pages/?topic=astrology", "unknown topic 'astrology'. Use one of: culture, education, health, residence"),
        ("pages/?fields=summary,review_note", "unknown fields: review_note"),
        ("pages/?colour=blue", "unknown query parameter: colour"),
        ("pages/?search=health", "unknown query parameter: search"),
        ("pages/?offset=100000000000000000000000000", "offset cannot be higher than 100000"),
        ("pages/?offset=-3", "offset must be a positive integer"),
        ("pages/?limit=51", "limit cannot be higher than 50"),
        ("pages/?limit=ten", "limit must be a positive integer"),
        ("pages/?translation_key=not-a-uuid", "translation_key must be a UUID"),
        ("pages/?child_of=99999999999999999999999", "parent page doesn't exist"),
        ("pages/?fields=steps(", "fields error"),
        ("pages/?order=review_note", "cannot order by 'review_note'"),
        ("pages/?rich_text_format=pdf", "rich_text_format"),
        ("offices/?slug=%00", "null character"),
        ("pages/find/?id=one", "id must be a whole number"),
    ],
)
def test_what_it_cannot_use_gets_a_400_that_says_why(client, query, message):
    response = client.get(f"{API}/{query}")
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["message"]


def test_what_does_not_exist_is_a_json_404_not_a_redirect(client):
    for path in (
        "pages/99999999999999999999/",
        "offices/0/",
        "glossary/123456789/",
        "pages/find/?html_path=/ru/nowhere/",
    ):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404 and response.json()["message"], path


def test_a_readers_address_finds_its_page(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="ru")
    response = client.get(f"{API}/pages/find/", {"html_path": guide.url})
    assert response.status_code == 302
    assert response["Location"].rstrip("?") == f"{settings.PUBLIC_URL}{API}/pages/{guide.pk}/"


@override_settings(PAGE_CACHE_SECONDS=600)
def test_answers_are_cached_until_a_publish_changes_them(client, django_assert_num_queries):
    guide = english(GuidePage).get(slug="emergency-care")
    first = get(client, f"pages/{guide.pk}/")
    with django_assert_num_queries(0):
        again = client.get(f"{API}/pages/{guide.pk}/")
    assert again.json() == first and "max-age=60" in again["Cache-Control"]
    guide.title = "Emergency care: what to do first"
    guide.save_revision().publish()
    assert get(client, f"pages/{guide.pk}/")["title"] == "Emergency care: what to do first"
    listed = get(client, "pages/", slug="emergency-care", locale="en")
    office = english(Office).get(slug="rfzo-branch")
    office.name = "RFZO, the branch where you live"
    office.save_revision().publish()
    assert get(client, f"offices/{office.pk}/")["name"] == "RFZO, the branch where you live"
    assert get(client, "pages/", slug="emergency-care", locale="en") == listed


@override_settings(CONTENT_API_RATE="3/m")
def test_a_client_over_the_rate_is_asked_to_wait(client):
    for _ in range(3):
        get(client, "glossary/")
    response = client.get(f"{API}/glossary/")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "wait a minute" in response.json()["message"]
    assert client.get(f"{API}/glossary/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_any_site_may_read_it_and_nobody_writes(client):
    preflight = client.options(f"{API}/pages/", HTTP_ORIGIN="https://partner.example")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    guide = english(GuidePage).get(slug="emergency-care")
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(f"{API}/pages/{guide.pk}/", data={"title": "x"}, content_type="application/json")
        assert response.status_code == 405 and "read-only" in response.json()["message"]
    assert GuidePage.objects.get(pk=guide.pk).title == guide.title


@pytest.fixture(scope="module")
def described():
    """The OpenAPI description, valid, and a check of an answer against the
    schema at a place in it (a JSON pointer)."""
    from api.openapi import document

    spec = json.loads(json.dumps(document()))
    validate(spec)
    registry = Registry().with_resource("urn:putokaz", Resource.from_contents(spec, default_specification=DRAFT2020))

    def check(instance, pointer):
        schema = {"$ref": "urn:putokaz#" + quote(pointer, safe="/~")}
        jsonschema.Draft202012Validator(schema, registry=registry).validate(instance)

    return spec, check


def schema_of(path, status="200"):
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/get/responses/{status}/content/application~1json/schema"


def test_the_openapi_description_is_served_valid_and_says_what_the_api_answers(client, described):
    spec, check = described
    assert get(client, "openapi.json") == spec
    assert spec["servers"] == [{"url": settings.PUBLIC_URL + API}]
    # One live page of every type, whole; listings with every field.
    for model in {page.specific_class for page in Page.objects.live().public().filter(depth__gt=1)}:
        page = model.objects.live().public().filter(alias_of__isnull=True).first()
        check(get(client, f"pages/{page.pk}/"), schema_of("/pages/{id}/"))
    check(get(client, "pages/", type="guides.GuidePage", fields="*", limit=10), schema_of("/pages/"))
    check(get(client, "pages/", locale="ar", limit=50), schema_of("/pages/"))
    check(get(client, "offices/", fields="*", limit=50), schema_of("/offices/"))
    check(get(client, "glossary/", fields="*", limit=50), schema_of("/glossary/"))
    check(client.get(f"{API}/pages/?locale=xx").json(), schema_of("/pages/", "400"))
    # A field the description does not know fails the check.
    with pytest.raises(jsonschema.ValidationError):
        check({"id": 1, "review_note": "x"}, "/components/schemas/GuidePage")


def addresses(data):
    """Every address an answer gives to a page or item of the site."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("detail_url", "html_url") and value:
                yield value
            yield from addresses(value)
    elif isinstance(data, list):
        for value in data:
            yield from addresses(value)


def test_every_address_is_at_the_public_address(client):
    guide = english(GuidePage).get(slug="emergency-care")
    other = english(GuidePage).get(slug="registering-with-rfzo")
    guide.steps[0].value["body"] = RichText(f'<p>Then <a linktype="page" id="{other.pk}">register</a>.</p>')
    guide.save_revision().publish()
    answers = [
        get(client, ""),
        get(client, "pages/", fields="*", type="guides.GuidePage", limit=50),
        get(client, "offices/", fields="*", limit=50),
        get(client, "glossary/", limit=50),
    ]
    found = [address for answer in answers for address in addresses(answer)]
    found += list(answers[0].values())
    assert len(found) > 100 and all(address.startswith(settings.PUBLIC_URL + "/") for address in found)
    # Links between guides inside step texts, too.
    (step, *_rest) = get(client, f"pages/{guide.pk}/")["steps"]
    assert f'href="{settings.PUBLIC_URL}{other.url}"' in step["text"]
    assert not any('href="/' in step["text"] for item in answers[1]["items"] for step in item["steps"])


def test_the_readme_examples_answer(client):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"curl [^\n]*?(/api/v2/[^\s'\"]+)", readme)
    assert len(examples) >= 2
    for example in examples:
        response = client.get(example)
        assert response.status_code == 200, example
        assert response.json()

"""The OpenAPI 3.1 description of the content API, served at
/api/v2/openapi.json. Built from the same lists the endpoints use (languages,
page types, limits); the tests check every answer against it."""

from django.conf import settings
from django.urls import reverse

from .endpoints import MAX_OFFSET
from .fields import PAGE_FIELDS
from .filters import LANGUAGE_CODES


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


TEXT = {"type": "string"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
RICH_TEXT = {"type": "string", "description": "HTML by default; Markdown with ?rich_text_format=markdown."}
LANGUAGE = {"type": "string", "enum": LANGUAGE_CODES}
HOUR = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
PAGE_TYPES = sorted(model._meta.label for model in PAGE_FIELDS)


def page_link():
    return obj({"id": {"type": "integer"}, "title": TEXT, "detail_url": URL, "html_url": URL})


def office_summary():
    return obj(
        {
            "id": {"type": "integer"},
            "name": TEXT,
            "address": TEXT,
            "city": TEXT,
            "phone": TEXT,
            "detail_url": URL,
            "html_url": nullable(URL),
        }
    )


def page_meta():
    return {
        "type": "object",
        "description": "Listings give the first five unless ?fields= asks for more; a page's own address gives all.",
        "properties": {
            "type": {"type": "string", "enum": PAGE_TYPES},
            "detail_url": URL,
            "html_url": URL,
            "slug": TEXT,
            "locale": LANGUAGE,
            "first_published_at": nullable(MOMENT),
            "last_published_at": nullable(MOMENT),
            "parent": nullable(
                {"type": "object", "properties": {"id": {"type": "integer"}, "meta": {"type": "object"}, "title": TEXT}}
            ),
            "translation_key": {"type": "string", "format": "uuid"},
            "translations": {"type": "array", "items": obj({"locale": LANGUAGE, **page_link()["properties"]})},
        },
        "required": ["type", "detail_url"],
        "additionalProperties": False,
    }


def page(fields, required=()):
    """A page type: in listings only the fields asked for are present."""
    properties = {"id": {"type": "integer"}, "meta": ref("PageMeta"), "title": TEXT, **fields}
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


def schemas():
    step = obj(
        {
            "id": {"type": "string", "description": "Stable across edits and languages."},
            "number": {"type": "integer", "minimum": 1},
            "heading": TEXT,
            "text": RICH_TEXT,
            "documents": {"type": "array", "items": TEXT, "description": "Documents to bring."},
            "office": nullable(ref("OfficeSummary")),
            "cost": nullable(TEXT),
            "duration": nullable(TEXT),
            "tip": nullable(TEXT),
            "warning": nullable(TEXT),
            "picture": nullable(
                obj({"url": URL, "width": {"type": "integer"}, "height": {"type": "integer"}, "description": TEXT})
            ),
            "html_url": URL,
        }
    )
    source = obj(
        {
            "title": TEXT,
            "detail": nullable(TEXT),
            "url": nullable(URL),
            "section": nullable(TEXT),
            "publication": nullable(
                obj({"title": TEXT, "publisher": nullable(TEXT), "published": nullable(DATE), "url": nullable(URL)})
            ),
        }
    )
    snippet_meta = {
        "type": "object",
        "properties": {
            "type": TEXT,
            "detail_url": URL,
            "html_url": nullable(URL),
            "locale": LANGUAGE,
            "translation_key": {"type": "string", "format": "uuid"},
            "slug": TEXT,
        },
        "required": ["type", "detail_url"],
        "additionalProperties": False,
    }
    intro = {"intro": TEXT}
    return {
        "Error": obj({"message": TEXT}),
        "PageMeta": page_meta(),
        "PageLink": page_link(),
        "OfficeSummary": office_summary(),
        "Step": step,
        "Source": source,
        "HomePage": page(intro),
        "TopicPage": page({"summary": TEXT, **intro}),
        "GuidePage": page(
            {
                "summary": TEXT,
                "audience": TEXT,
                "steps": {"type": "array", "items": ref("Step")},
                "sources": {"type": "array", "items": ref("Source")},
                "change_notes": {"type": "array", "items": obj({"date": DATE, "note": TEXT})},
                "related_guides": {"type": "array", "items": ref("PageLink")},
                "responsible_organisation": {"type": "string", "description": "Empty: Putokaz itself."},
                "last_reviewed": nullable(DATE),
                "next_review": nullable(DATE),
            }
        ),
        "EventIndexPage": page(intro),
        "EventPage": page(
            {
                "start": MOMENT,
                "end": MOMENT,
                "location": obj(
                    {"name": TEXT, "address": TEXT, "city": TEXT, "office": nullable(ref("OfficeSummary"))}
                ),
                "organiser": TEXT,
                "audience": {"type": "string", "enum": ["children", "families", "adults", "everyone"]},
                "languages": {"type": "array", "items": TEXT},
                "is_free": {"type": "boolean"},
                "registration_url": {"type": "string"},
                "description": RICH_TEXT,
            }
        ),
        "OfficeDirectoryPage": page(intro),
        "GlossaryPage": page(intro),
        "InformationPage": page({**intro, "body": RICH_TEXT}),
        "Page": page({}),
        "Office": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "meta": ref("SnippetMeta"),
                "name": TEXT,
                "kind": TEXT,
                "address": TEXT,
                "city": TEXT,
                "opening_hours": TEXT,
                "hours": {
                    "type": "array",
                    "items": obj(
                        {"weekday": {"type": "integer", "minimum": 0, "maximum": 6}, "opens": HOUR, "closes": HOUR}
                    ),
                    "description": "Weekday 0 is Monday; Europe/Belgrade time.",
                },
                "hours_exceptions": {
                    "type": "array",
                    "items": obj(
                        {"date": DATE, "opens": nullable(HOUR), "closes": nullable(HOUR), "note": nullable(TEXT)}
                    ),
                },
                "phone": TEXT,
                "website": {"type": "string"},
                "latitude": nullable({"type": "number"}),
                "longitude": nullable({"type": "number"}),
                "map_url": {"type": "string"},
                "notes": TEXT,
                "appointment": {"type": "string", "enum": ["", "needed", "recommended", "not-needed"]},
                "booking_url": {"type": "string"},
                "booking_phone": TEXT,
                "spoken_languages": {"type": "array", "items": TEXT},
                "step_free": nullable({"type": "boolean"}),
                "what_to_bring": TEXT,
            },
            "required": [],
            "additionalProperties": False,
        },
        "GlossaryTerm": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "meta": ref("SnippetMeta"),
                "abbreviation": TEXT,
                "full_name": TEXT,
                "explanation": TEXT,
            },
            "required": [],
            "additionalProperties": False,
        },
        "SnippetMeta": snippet_meta,
    }


def parameter(name, description, schema=TEXT):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


COMMON = [
    parameter("limit", "How many items (default 20).", {"type": "integer", "minimum": 0}),
    parameter("offset", "Items to skip.", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
    parameter("fields", "Fields beyond the defaults: fields=summary,steps; * for all; -name to drop one."),
    parameter("order", "A field to sort by, - first for descending: order=-last_published_at."),
    parameter(
        "rich_text_format", "How rich text is written.", {"type": "string", "enum": ["html", "markdown", "db_html"]}
    ),
    parameter("locale", "Only what is written in this language.", LANGUAGE),
    parameter("translation_key", "One page or entry in every language.", {"type": "string", "format": "uuid"}),
]
PAGE_FILTERS = [
    parameter("type", "Page types, comma-separated.", TEXT | {"examples": ["guides.GuidePage"]}),
    parameter("topic", "Guides of one topic, by its key (its slug): health, residence, education, ..."),
    parameter("slug", "The page's slug: a guide's key, the same in every language."),
    parameter("child_of", "Children of a page, by id.", {"type": "integer"}),
    parameter("descendant_of", "Pages under a page, by id.", {"type": "integer"}),
    parameter("translation_of", "The translations of a page, by id.", {"type": "integer"}),
]
ERRORS = {
    "400": {
        "description": "A parameter it cannot use, and why.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "429": {
        "description": "Too many requests: wait a minute.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
}


def listing(item):
    schema = obj({"meta": obj({"total_count": {"type": "integer"}}), "items": {"type": "array", "items": item}})
    return {
        "200": {"description": "One page of results.", "content": {"application/json": {"schema": schema}}},
        **ERRORS,
    }


def detail(item):
    found = {"200": {"description": "Found.", "content": {"application/json": {"schema": item}}}}
    missing = {
        "404": {"description": "No such live, public item.", "content": {"application/json": {"schema": ref("Error")}}}
    }
    return found | missing | ERRORS


def operation(summary, parameters, responses):
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def document():
    pages = {"anyOf": [ref(model.__name__) for model in PAGE_FIELDS] + [ref("Page")]}
    base = reverse("content_api:pages:listing").rstrip("/").rsplit("/", 1)[0]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Putokaz content API",
            "version": "2",
            "description": (
                "Putokaz's guides for newcomers to Serbia, read-only: live, public pages in every language, "
                "the office directory and the glossary. Free to use; rate-limited per client address; "
                "answers may be cached for a minute. Translations share meta.translation_key."
            ),
        },
        "servers": [{"url": settings.PUBLIC_URL + base}],
        "paths": {
            "/pages/": operation("Pages: guides, topics, events and the rest", COMMON + PAGE_FILTERS, listing(pages)),
            "/pages/{id}/": operation("One page, with all its fields", [ID, COMMON[2], COMMON[4]], detail(pages)),
            "/pages/find/": operation(
                "The page at a reader's address",
                [parameter("html_path", "A path on the site: /ru/health/emergency-care/")],
                {"302": {"description": "To the page's API address."}, **detail(pages)},
            ),
            "/offices/": operation(
                "Offices and places guides send readers to",
                [
                    *COMMON,
                    parameter("kind", "police, asylum, health-care, ..."),
                    parameter("city", "Exact city name"),
                    parameter("slug", "The office's key"),
                ],
                listing(ref("Office")),
            ),
            "/offices/{id}/": operation("One office", [ID, COMMON[2]], detail(ref("Office"))),
            "/glossary/": operation(
                "Abbreviations readers meet, explained",
                [*COMMON, parameter("abbreviation", "Exact abbreviation")],
                listing(ref("GlossaryTerm")),
            ),
            "/glossary/{id}/": operation("One glossary term", [ID, COMMON[2]], detail(ref("GlossaryTerm"))),
        },
        "components": {"schemas": schemas()},
    }

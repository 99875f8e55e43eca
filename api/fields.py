"""What the content API shows of each model: an allow-list. A field is here
only if readers see it on the site; editors' notes, review dates' owners,
launch to-do lists and user names never are, whatever `?fields=` asks for."""

import re

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.rich_text import APIRichText

from cultural_events.models import EventIndexPage, EventPage
from guides.blocks import STEP_TEXT_FEATURES
from guides.models import GlossaryPage, GuidePage, OfficeDirectoryPage, TopicPage
from home.models import HomePage, InformationPage
from languages.fallback import language_code

NAMESPACE = "content_api"
# Addresses on this site in rich text ("/ru/health/") and in Markdown links.
SITE_HTML_LINK = re.compile(r'\b(href|src)="/(?!/)')
SITE_MARKDOWN_LINK = re.compile(r"\]\(/(?!/)")


def absolute(path):
    return settings.PUBLIC_URL + path if path and path.startswith("/") else path


def detail_url(endpoint, pk):
    return absolute(reverse(f"{NAMESPACE}:{endpoint}:detail", args=[pk]))


def rich_text(source, context, features=None):
    """Rich text in the format the request asked for (?rich_text_format=),
    with the site's own links made absolute at the public address."""
    text_format = context.get("_wagtail_rich_text_format") or APIRichText.get_default_format()
    text = APIRichText.serialize(source, format=text_format, features=features)
    if text_format == "html":
        return SITE_HTML_LINK.sub(rf'\1="{settings.PUBLIC_URL}/', text)
    if text_format == "markdown":
        return SITE_MARKDOWN_LINK.sub(f"]({settings.PUBLIC_URL}/", text)
    return text


class Field(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class LanguageField(Field):
    """A locale as its language code (ru, sr-latn), read without a query."""

    def __init__(self):
        super().__init__(source="locale_id")

    def to_representation(self, locale_id):
        return language_code(locale_id)


class RichTextField(Field):
    def to_representation(self, source):
        return rich_text(source, self.context)


class LanguageListField(Field):
    def to_representation(self, codes):
        return list(codes)


class TranslationsField(Field):
    """The same page in the other languages it is really translated into."""

    def __init__(self):
        super().__init__(source="*")

    def to_representation(self, page):
        return [
            {
                "locale": language_code(other.locale_id),
                "id": other.pk,
                "title": other.title,
                "detail_url": detail_url("pages", other.pk),
                "html_url": absolute(other.url),
            }
            for other in self.context["view"].translations_of(page)
        ]


def office_summary(office, view):
    return {
        "id": office.pk,
        "name": office.name,
        "address": office.address,
        "city": office.city,
        "phone": office.phone,
        "detail_url": detail_url("offices", office.pk),
        "html_url": view.office_url(office),
    }


class StepsField(Field):
    """A guide's steps as the reader sees them, in order: what to do, what
    to bring, where to go, what it costs and how long it takes."""

    def __init__(self):
        super().__init__(source="*")

    def to_representation(self, guide):
        view = self.context["view"]
        page_url = absolute(guide.url)
        steps = []
        for number, block in enumerate(guide.steps, start=1):
            step = block.value
            office = step["office"]
            image = step["picture"]["image"]
            picture = None
            if image:
                rendition = image.get_rendition("width-720|format-jpeg")
                picture = {
                    "url": absolute(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "description": step["picture"]["description"] or image.default_alt_text,
                }
            steps.append(
                {
                    "id": block.id,
                    "number": number,
                    "heading": step["heading"],
                    "text": rich_text(step["body"].source, self.context, STEP_TEXT_FEATURES),
                    "documents": list(step["documents"]),
                    "office": office_summary(office, view) if office is not None and office.live else None,
                    "cost": step["cost"] or None,
                    "duration": step["duration"] or None,
                    "tip": step["tip"] or None,
                    "warning": step["warning"] or None,
                    "picture": picture,
                    "html_url": f"{page_url}#step-{number}",
                }
            )
        return steps


class SourcesField(Field):
    def to_representation(self, sources):
        result = []
        for block in sources:
            source, publication = block.value, block.value["publication"]
            result.append(
                {
                    "title": source["title"],
                    "detail": source["detail"] or None,
                    "url": source["url"] or None,
                    "section": source["section"] or None,
                    "publication": {
                        "title": publication.title,
                        "publisher": publication.publisher or None,
                        "published": publication.published.isoformat() if publication.published else None,
                        "url": publication.url or None,
                    }
                    if publication
                    else None,
                }
            )
        return result


class ChangeNotesField(Field):
    """Newest first, as the guide lists them."""

    def to_representation(self, notes):
        changes = [{"date": block.value["date"].isoformat(), "note": block.value["note"]} for block in notes]
        return sorted(changes, key=lambda change: change["date"], reverse=True)


class RelatedGuidesField(Field):
    def __init__(self):
        super().__init__(source="*")

    def to_representation(self, guide):
        return [
            {
                "id": other.pk,
                "title": other.title,
                "detail_url": detail_url("pages", other.pk),
                "html_url": absolute(other.url),
            }
            for other in self.context["view"].related_guides(guide)
        ]


class LocationField(Field):
    """Where an event is: a directory office, or a place written in."""

    def __init__(self):
        super().__init__(source="*")

    def to_representation(self, event):
        venue = event.venue if event.venue_id and event.venue.live else None
        return {
            "name": venue.name if venue else event.place,
            "address": venue.address if venue else "",
            "city": event.city or (venue.city if venue else ""),
            "office": office_summary(venue, self.context["view"]) if venue else None,
        }


class HoursField(Field):
    """Opening hours by weekday: [{"weekday": 0 (Monday), "opens": "08:00", "closes": "15:00"}]."""

    def to_representation(self, hours):
        return [
            {
                "weekday": int(block.value["weekday"]),
                "opens": block.value["opens"].strftime("%H:%M"),
                "closes": block.value["closes"].strftime("%H:%M"),
            }
            for block in hours
        ]


class HoursExceptionsField(Field):
    def to_representation(self, exceptions):
        return [
            {
                "date": block.value["date"].isoformat(),
                "opens": block.value["opens"].strftime("%H:%M") if block.value["opens"] else None,
                "closes": block.value["closes"].strftime("%H:%M") if block.value["closes"] else None,
                "note": block.value["note"] or None,
            }
            for block in exceptions
        ]


class DirectoryUrlField(Field):
    def __init__(self):
        super().__init__(source="*")

    def to_representation(self, obj):
        return self.context["view"].html_url(obj)


def coordinate(name):
    return APIField(name, serializer=serializers.FloatField(read_only=True))


# Each page type's fields, beyond id, title and the meta fields.
PAGE_FIELDS = {
    HomePage: ["intro"],
    TopicPage: ["summary", "intro"],
    GuidePage: [
        "summary",
        "audience",
        APIField("steps", serializer=StepsField()),
        APIField("sources", serializer=SourcesField()),
        APIField("change_notes", serializer=ChangeNotesField()),
        APIField("related_guides", serializer=RelatedGuidesField()),
        "responsible_organisation",
        "last_reviewed",
        "next_review",
    ],
    EventIndexPage: ["intro"],
    EventPage: [
        "start",
        "end",
        APIField("location", serializer=LocationField()),
        "organiser",
        "audience",
        APIField("languages", serializer=LanguageListField()),
        "is_free",
        "registration_url",
        APIField("description", serializer=RichTextField()),
    ],
    OfficeDirectoryPage: ["intro"],
    GlossaryPage: ["intro"],
    InformationPage: ["intro", APIField("body", serializer=RichTextField())],
}

OFFICE_FIELDS = [
    "name",
    "kind",
    "address",
    "city",
    "opening_hours",
    APIField("hours", serializer=HoursField()),
    APIField("hours_exceptions", serializer=HoursExceptionsField()),
    "phone",
    "website",
    coordinate("latitude"),
    coordinate("longitude"),
    "map_url",
    "notes",
    "appointment",
    "booking_url",
    "booking_phone",
    APIField("spoken_languages", serializer=LanguageListField()),
    "step_free",
    "what_to_bring",
]

GLOSSARY_FIELDS = ["abbreviation", "full_name", "explanation"]

SNIPPET_META_FIELDS = [
    "type",
    "detail_url",
    APIField("html_url", serializer=DirectoryUrlField()),
    APIField("locale", serializer=LanguageField()),
    "translation_key",
]

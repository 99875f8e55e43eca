"""What search reads (one analysed document per guide in each language),
what editors manage (synonyms), and what search counts (queries and clicks,
with no personal data)."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TextAsWrittenEncoder(json.JSONEncoder):
    """JSON with each character as itself, not as a \\u escape: SQLite keeps
    JSON as text, and a Russian or Arabic guide's steps took 45 KB escaped
    (18 KB as written), and three times as long to decode for each search
    result (PostgreSQL's jsonb is stored parsed either way)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})


class SearchDocument(index.Indexed, models.Model):
    """A guide's text as search terms (search/analysis.py), kept in step with
    the page: made on publish, removed on unpublish or delete. Both engines
    index these, never the raw text, so they match alike."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="search_document")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField(db_index=True)  # the guide, whatever its language
    # All the guide's terms; headings (the title and step headings) appear
    # twice more, which weights them alike on every engine (the database
    # backend on SQLite ranks all fields together and ignores boosts).
    body = models.TextField()
    # The terms of each step, to tell which step a query lands on: a string
    # per step, its terms between spaces. As a list per step, twenty results'
    # terms took a millisecond to decode on every search.
    step_terms = models.JSONField(default=list, encoder=TextAsWrittenEncoder)
    # Each step's heading and text as a result's snippet shows them
    # (documents.step_text): a result needs no decoding of the page's steps.
    step_texts = models.JSONField(default=list, encoder=TextAsWrittenEncoder)

    search_fields = [
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("translation_key"),
    ]

    class Meta:
        verbose_name = _("search document")
        # The guides of one language by key, without reading a row: a search
        # that also looks in English leaves out the guides the reader's
        # language has (engine.find), and at 10,000 guides reading the rows
        # for that took 3 ms.
        indexes = [models.Index(fields=["locale", "translation_key"], name="search_document_language_key")]

    def __str__(self):
        return f"{self.page_id} ({self.locale_id})"


def synonym_languages():
    # Serbian synonyms hold for both scripts: search reads Serbian in Latin.
    return [(code, name) for code, name in settings.LANGUAGES if code != "sr-latn"]


class Synonym(models.Model):
    """Words readers use for the same thing: an abbreviation, an everyday
    name, the official term, in any language. A query with one finds pages
    with any of the others, in every language or in one (مکتب is a school
    in Dari and an office in Arabic). Glossary abbreviations are synonyms of their full
    names without being listed here."""

    terms = models.TextField(
        _("words that mean the same"),
        help_text=_(
            "One word or phrase per line, for example: RFZO / Republic Health Insurance Fund / state health insurance"
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=synonym_languages,
        help_text=_("Leave empty for every language. Choose one when a word means something else in another language."),
    )
    note = models.CharField(_("note for editors"), max_length=300, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("language"), FieldPanel("note")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return " = ".join(self.phrases())

    def phrases(self):
        # One per line, or on one line between " / " as the help text shows them.
        return [phrase.strip() for line in self.terms.splitlines() for phrase in line.split(" / ") if phrase.strip()]


class SearchQueryStat(models.Model):
    """How often a normalised query was searched on a day, in a language,
    and how often it found nothing. Nothing about who searched."""

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=10)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    without_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="one_stat_per_query_day")]

    def __str__(self):
        return f"{self.day} {self.language} {self.query!r}: {self.searches}"


class SearchClick(models.Model):
    """Which result people opened for a query, per day and language."""

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=10)
    query = models.CharField(max_length=200)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "language", "query", "page"], name="one_click_count_per_result_day")
        ]

    def __str__(self):
        return f"{self.day} {self.language} {self.query!r} → page {self.page_id}: {self.clicks}"

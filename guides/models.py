"""Topics and the guides in them, and the directory and glossary the guides
point at. A guide has steps; a step may point to an office."""

import calendar
import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    Site,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.rich_text import expand_db_html
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from base import versions
from base.fields import LanguageListField
from base.sanitize import clean_html
from languages.fallback import content_locale_id, in_language, localized
from languages.links import Link

from .blocks import ChangeNoteBlock, HoursExceptionBlock, OpeningHoursBlock, SourceBlock, StepBlock

# Between the steps' texts while their links are resolved in one pass.
STEP_BREAK = "<!-- step -->"


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A snippet readers see only once a reviewer has approved it: edits are
    drafts (revisions) that go through "Review before publishing", as pages
    do; the row holds the live version, so readers, search documents, the
    page cache and the Serbian Latin copy follow publishing, not saving."""

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions


class Office(ReviewedSnippet, TranslatableMixin, index.Indexed):
    """A directory entry: a place a guide sends the reader to."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        ASYLUM = "asylum", _("Asylum")
        HEALTH_INSURANCE = "health-insurance", _("Health insurance")
        HEALTH_CARE = "health-care", _("Health care")
        EMPLOYMENT = "employment", _("Employment")
        BUSINESS_REGISTRY = "business-registry", _("Business registry")
        QUALIFICATIONS = "qualifications", _("Recognition of qualifications")
        SCHOOL_ADMINISTRATION = "school-administration", _("Education")
        REFUGEES_COMMISSARIAT = "refugees-commissariat", _("Refugees and migration")
        SOCIAL_WORK = "social-work", _("Social work")
        CULTURE = "culture", _("Culture")
        VENUE = "venue", _("Venue")
        NGO = "ngo", _("Organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("key"), max_length=100, help_text=_("Stable identifier; the directory anchor (#office-key).")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("Empty for an office found in every municipality.")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("What the office does for a newcomer."))

    # What a newcomer needs to know before going there. Empty means not known:
    # the page then says nothing rather than guess.
    class Appointment(models.TextChoices):
        NEEDED = "needed", _("Needed")
        RECOMMENDED = "recommended", pgettext_lazy("appointment", "Recommended")
        NOT_NEEDED = "not-needed", _("Not needed")

    appointment = models.CharField(_("appointment"), max_length=20, choices=Appointment.choices, blank=True)
    booking_url = models.URLField(
        _("booking link"),
        blank=True,
        validators=[
            URLValidator(
                schemes=["http", "https"], message=_("Give a web address that starts with https:// or http://.")
            )
        ],
    )
    booking_phone = models.CharField(_("booking phone"), max_length=100, blank=True)
    spoken_languages = LanguageListField(_("languages spoken at the counter"))
    step_free = models.BooleanField(
        _("step-free access"), null=True, blank=True, help_text=_("Can a wheelchair or pram get in without steps?")
    )
    hours = StreamField(
        OpeningHoursBlock(),
        blank=True,
        verbose_name=_("opening hours by weekday"),
        help_text=_("Guide steps show from these whether the office is open now."),
    )
    hours_exceptions = StreamField(
        [("exception", HoursExceptionBlock())],
        blank=True,
        verbose_name=_("days with other hours"),
        help_text=_("Public holidays and other days the usual hours do not hold."),
    )
    what_to_bring = models.TextField(
        _("what to bring"), blank=True, help_text=_("Shown beside every step that sends readers here.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("city"),
                FieldPanel("opening_hours"),
                FieldPanel("hours"),
                FieldPanel("hours_exceptions"),
                FieldPanel("phone"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Map")),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("appointment"),
                FieldPanel("booking_url"),
                FieldPanel("booking_phone"),
                FieldPanel("spoken_languages"),
                FieldPanel("step_free"),
                FieldPanel("what_to_bring"),
            ],
            heading=_("Before you go"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),  # the admin's listing and chooser search as the editor types
        index.SearchField("notes"),
        index.FilterField("locale_id"),
    ]
    # The key and phone number are the same in every language.
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("phone"),
        SynchronizedField("appointment"),
        SynchronizedField("booking_url"),
        SynchronizedField("booking_phone"),
        SynchronizedField("spoken_languages"),
        SynchronizedField("hours"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_office_slug_per_locale")]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name

    @property
    def anchor(self):
        return f"office-{self.slug}"

    @property
    def map_url(self):
        """OpenStreetMap at the office: a link, no map script on our pages."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    # schema.org types: a public office, a clinic, an organisation, a place.
    SCHEMA_TYPES = {
        Kind.HEALTH_CARE: "MedicalOrganization",
        Kind.NGO: "NGO",
        Kind.CULTURE: "Place",
        Kind.VENUE: "Place",
    }

    def structured_data(self, url=""):
        """The office as schema.org data (GovernmentOffice for public bodies)."""
        return {
            "@type": self.SCHEMA_TYPES.get(self.kind, "GovernmentOffice"),
            "@id": url,
            "name": self.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressLocality": self.city,
                "addressCountry": "RS",
            },
            "telephone": self.phone,
            "url": self.website,
            "geo": (
                {"@type": "GeoCoordinates", "latitude": float(self.latitude), "longitude": float(self.longitude)}
                if self.map_url
                else None
            ),
            "hasMap": self.map_url,
            "availableLanguage": self.spoken_languages,
            "description": self.notes,
        }

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class GlossaryTerm(ReviewedSnippet, TranslatableMixin):
    """An abbreviation a reader meets on forms and in guides."""

    abbreviation = models.CharField(_("abbreviation"), max_length=40)
    full_name = models.CharField(_("full name"), max_length=300)
    explanation = models.TextField(_("explanation"), help_text=_("One sentence a newcomer understands."))

    panels = [FieldPanel("abbreviation"), FieldPanel("full_name"), FieldPanel("explanation")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["abbreviation", "locale"], name="unique_abbreviation_per_locale")
        ]

    def __str__(self):
        return f"{self.abbreviation}: {self.full_name}"

    @property
    def anchor(self):
        return "term-" + "".join(ch if ch.isalnum() else "-" for ch in self.abbreviation.lower())


# The version of the glossary (base.versions), moved on by guides.signals.
GLOSSARY = "glossary"
# A bound on how long a kept glossary or directory can outlive a change no
# signal reports (an edit straight in the database).
KEPT_SECONDS = 3600


def glossary(locale_id):
    """Abbreviation → full name in a language (the source's where it has no
    translation): what each of its guides explains. Built once per language
    and kept until a term changes."""

    def build():
        return {
            term.abbreviation: term.full_name for term in in_language(GlossaryTerm.objects.filter(live=True), locale_id)
        }

    return versions.kept(GLOSSARY, f"glossary:{locale_id}", build, KEPT_SECONDS)


def office_directory(locale_id):
    """The address of the office directory page of a language, or None; kept
    until a page near the top of the tree changes (base.versions.NAVIGATION)."""

    def build():
        # By page type: the few directory pages, not every page of the language.
        page = Page.objects.live().type(OfficeDirectoryPage).filter(locale_id=locale_id).order_by().first()
        return page.url if page else None

    return versions.kept(versions.NAVIGATION, f"directory-url:{locale_id}", build, KEPT_SECONDS)


class Publication(models.Model):
    """A report or article the guides are written from. A source in a guide
    names the law or institution and, through this, where Putokaz read about
    it: a reader can see who published it and when, and open it. The title
    stays in the language the publication is written in."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("The organisations that published it.")
    )
    published = models.DateField(_("published on"), null=True, blank=True)
    covers_from = models.DateField(
        _("covers from"), null=True, blank=True, help_text=_("The period the research or report covers, if known.")
    )
    covers_to = models.DateField(_("covers to"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True, help_text=_("Where a reader can open it."))
    language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("published"),
        MultiFieldPanel([FieldPanel("covers_from"), FieldPanel("covers_to")], heading=_("Period covered")),
        FieldPanel("url"),
        FieldPanel("language"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    @property
    def missing(self):
        """What a reader cannot yet be told about it: shown to administrators
        on the dashboard until filled in."""
        gaps = []
        if not self.publisher:
            gaps.append(_("publisher"))
        if not (self.published or self.covers_from):
            gaps.append(_("date"))
        if not self.url:
            gaps.append(_("link"))
        return gaps

    def clean(self):
        if self.covers_from and self.covers_to and self.covers_to < self.covers_from:
            raise ValidationError({"covers_to": _("The period cannot end before it begins.")})


class TopicPage(Page):
    """A hub for one topic, listing its guides with their summaries."""

    summary = models.CharField(
        _("one line for the home page"),
        max_length=120,
        blank=True,
        help_text=_("What readers find here, in a few words: shown under the topic's name on the home page."),
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = _("topic")

    guides_per_page = 30

    def guides(self):
        return GuidePage.objects.child_of(self).live().public().order_by("path").defer_streamfields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A topic may hold thousands of guides: a page of them at a time.
        context["guides"] = Paginator(self.guides(), self.guides_per_page).get_page(request.GET.get("page"))
        return context


LONG_GUIDE_STEPS = 3


class GuidePage(Page):
    """A step-by-step answer to one question a newcomer has."""

    summary = models.TextField(_("in short"), help_text=_("One paragraph: the answer first."))
    audience = models.TextField(_("who this guide is for"), blank=True)
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"))
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    related_guides = StreamField(
        [("guide", blocks.PageChooserBlock(page_type="guides.GuidePage"))],
        blank=True,
        verbose_name=_("related guides"),
    )
    change_notes = StreamField(
        [("change", ChangeNoteBlock())],
        blank=True,
        verbose_name=_("changes readers should know about"),
        help_text=_(
            "When you publish a change that matters to readers (a fee, a deadline, a document), "
            "add a dated note. A small correction needs none."
        ),
    )
    responsible_organisation = models.CharField(
        _("organisation responsible"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that answers for this guide's facts, not a person. Empty: Putokaz."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=6, help_text=_("How often the facts in this guide must be checked.")
    )
    review_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_("Not shown to readers: facts still to check or add before the next review."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("steps"),
        FieldPanel("sources"),
        FieldPanel("related_guides"),
        FieldPanel("change_notes"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("responsible_organisation"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
                FieldPanel("review_note"),
            ],
            heading=_("Review"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("steps"),
    ]
    # One address for a guide in every language (/ru/health/emergency-care/):
    # the slug is the guide's stable key. Editors' notes are not translated.
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("review_note")]
    parent_page_types = ["guides.TopicPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")

    @property
    def key(self):
        """The stable key of a guide: the slug of its source (English) page."""
        return self.slug

    @property
    def next_review(self):
        """The day the facts are due to be checked again."""
        if not self.last_reviewed:
            return None
        months = self.last_reviewed.month - 1 + self.review_interval_months
        year, month = self.last_reviewed.year + months // 12, months % 12 + 1
        day = min(self.last_reviewed.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)

    def step_overview(self):
        return [(f"step-{number}", step.value["heading"]) for number, step in enumerate(self.steps, start=1)]

    def steps_to_show(self):
        """(number, step, text) for each step, the links in every step's text
        resolved together: a guide of 30 steps costs the queries of one of 3."""
        steps = [step.value for step in self.steps]
        texts = expand_db_html(STEP_BREAK.join(step["body"].source for step in steps)).split(STEP_BREAK)
        return [
            (number, step, mark_safe(clean_html(text)))  # noqa: S308 (sanitised by clean_html)
            for number, (step, text) in enumerate(zip(steps, texts, strict=True), start=1)
        ]

    def links(self, request):
        """The guide's topic and related guides as links, kept per worker
        until a page changes (base.versions.PAGES)."""
        site = Site.find_for_request(request)

        def build():
            topic = self.get_parent()
            # Related guides point at the source pages; readers get their language's version.
            related = localized([block.value for block in self.related_guides if block.value])
            return {
                "topic": Link.to(topic, request) if topic else None,
                "related": [Link.to(guide, request) for guide in related if guide.live],
            }

        key = f"guide-links:{site.pk if site else None}:{get_language()}:{self.pk}"
        return versions.kept(versions.PAGES, key, build, versions.PAGES_SECONDS)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A copy: the page notes in it which abbreviations it has explained.
        context["glossary"] = dict(glossary(content_locale_id(self)))
        context["directory"] = office_directory(self.locale_id)
        context.update(self.links(request))
        # A long guide repeats a link back to its overview after each step.
        context["back_to_steps"] = len(self.steps) > LONG_GUIDE_STEPS
        return context


class OfficeDirectoryPage(Page):
    """Every office, with an anchor per entry that steps link to."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("office directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["offices"] = in_language(Office.objects.filter(live=True), self.locale_id)
        return context


class GlossaryPage(Page):
    """Every abbreviation, explained."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossary")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["terms"] = in_language(GlossaryTerm.objects.filter(live=True), self.locale_id)
        return context

"""Cultural and community events, with calendar files a phone can import or
subscribe to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from base.fields import SPOKEN_LANGUAGES, LanguageListField


class EventIndexPage(Page):
    """/events/: upcoming events first, past events after; /events/feed.ics."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event list")

    def events(self):
        return EventPage.objects.child_of(self).live().public().select_related("venue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = self.events().filter(end__gte=now).order_by("start")
        context["past"] = self.events().filter(end__lt=now).order_by("-start")
        return context


class EventPage(Page):
    class Audience(models.TextChoices):
        CHILDREN = "children", _("Children")
        FAMILIES = "families", _("Families")
        ADULTS = "adults", _("Adults")
        EVERYONE = "everyone", _("Everyone")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        "guides.Office",
        verbose_name=_("venue from the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("If the venue is not in the directory.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=300)
    audience = models.CharField(_("who it is for"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    languages = LanguageListField(_("languages spoken"))
    is_free = models.BooleanField(_("free of charge"), default=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    description = RichTextField(_("description"), features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("place"), FieldPanel("city")], heading=_("Where")),
        FieldPanel("organiser"),
        FieldPanel("audience"),
        FieldPanel("languages"),
        FieldRowPanel([FieldPanel("is_free"), FieldPanel("registration_url")]),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("organiser"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("languages")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if not self.venue and not self.place:
            raise ValidationError({"place": _("Choose a venue from the directory or write where the event is.")})

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def where(self):
        if self.venue:
            return self.venue.name, self.venue.address, self.city or self.venue.city
        return self.place, "", self.city

    def structured_data(self):
        """The event as schema.org data: what, when, where, who organises it."""
        name, address, city = self.where
        return {
            "@type": "Event",
            "name": self.title,
            "url": self.full_url,
            "startDate": self.start.isoformat(),
            "endDate": self.end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": address,
                    "addressLocality": city,
                    "addressCountry": "RS",
                },
            },
            "organizer": {"@type": "Organization", "name": self.organiser},
            "description": strip_tags(self.description).strip(),
            "inLanguage": self.languages,
            "isAccessibleForFree": self.is_free,
            "audience": {"@type": "Audience", "audienceType": self.get_audience_display()},
        }

    def language_names(self):
        names = dict(SPOKEN_LANGUAGES)
        return [names.get(code, code) for code in self.languages]

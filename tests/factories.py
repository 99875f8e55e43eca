"""Factories for focused tests (wagtail-factories): a test builds the few
pages and snippets it is about, in English, under a home page of its own,
instead of standing on the demo site. Tests marked `focused` run before the
demo site is loaded, and alone without it (tests/conftest.py)."""

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from cultural_events.models import EventIndexPage, EventPage
from guides.blocks import SourceBlock, StepBlock
from guides.models import GlossaryPage, GlossaryTerm, GuidePage, Office, OfficeDirectoryPage, TopicPage
from home.models import HomePage


def english():
    return Locale.objects.get(language_code="en")


class OfficeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Police administration {n}")
    slug = factory.Sequence(lambda n: f"police-administration-{n}")
    kind = Office.Kind.POLICE
    city = "Belgrade"
    notes = "Registers the stay of foreigners and issues temporary residence."
    locale = factory.LazyFunction(english)

    class Meta:
        model = Office


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    abbreviation = factory.Sequence(lambda n: f"RFZO{n}")
    full_name = "Republic Health Insurance Fund"
    explanation = "The public fund that pays for health care."
    locale = factory.LazyFunction(english)

    class Meta:
        model = GlossaryTerm


class StepBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Do step {n}")
    body = factory.LazyFunction(lambda: RichText("<p>Go to the office with your passport.</p>"))
    documents = factory.LazyFunction(list)
    office = None
    cost = ""
    duration = ""
    tip = ""
    warning = ""

    class Meta:
        model = StepBlock


class SourceBlockFactory(wagtail_factories.StructBlockFactory):
    title = "Law on Foreigners"
    detail = "grounds for temporary residence"
    url = ""

    class Meta:
        model = SourceBlock


class HomePageFactory(wagtail_factories.PageFactory):
    """A home page of the test's own, under the tree root beside the demo
    site's (which may or may not be loaded)."""

    title = "Putokaz"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "Step-by-step guides for newcomers to Serbia."
    parent = factory.LazyFunction(lambda: Page.get_first_root_node())
    locale = factory.LazyFunction(english)

    class Meta:
        model = HomePage


class HomeChildFactory(wagtail_factories.PageFactory):
    """A page that lives under a home page: a topic or a section."""

    parent = factory.SubFactory(HomePageFactory)
    locale = factory.LazyFunction(english)

    class Meta:
        abstract = True


class TopicPageFactory(HomeChildFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    intro = "Guides on one subject."

    class Meta:
        model = TopicPage


class GuidePageFactory(wagtail_factories.PageFactory):
    """A guide with three steps and a source, unless the test gives its own
    (`steps__0__step__heading="Ask your host"`, `steps__1__step__office=office`)."""

    title = factory.Sequence(lambda n: f"Register your stay {n}")
    summary = "Your host registers you with the police within a day of your arrival."
    audience = "Everyone who comes to Serbia from abroad."
    steps = wagtail_factories.StreamFieldFactory({"step": factory.SubFactory(StepBlockFactory)})
    sources = wagtail_factories.StreamFieldFactory({"source": factory.SubFactory(SourceBlockFactory)})
    last_reviewed = factory.LazyFunction(datetime.date.today)
    parent = factory.SubFactory(TopicPageFactory)
    locale = factory.LazyFunction(english)

    class Meta:
        model = GuidePage
        skip_postgeneration_save = True

    @factory.post_generation
    def default_content(guide, create, extracted, **kwargs):
        """Three steps and a source unless the test gave its own."""
        changed = False
        if not guide.steps:
            guide.steps = [("step", StepBlockFactory()) for _ in range(3)]
            changed = True
        if not guide.sources:
            guide.sources = [("source", SourceBlockFactory())]
            changed = True
        if changed and create:
            guide.save()


class OfficeDirectoryPageFactory(HomeChildFactory):
    title = "Offices"
    slug = "offices"

    class Meta:
        model = OfficeDirectoryPage


class GlossaryPageFactory(HomeChildFactory):
    title = "Abbreviations"
    slug = "glossary"

    class Meta:
        model = GlossaryPage


class EventIndexPageFactory(HomeChildFactory):
    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dental health day {n}")
    # A week ahead at 17:00 in Belgrade (calendars keep whole minutes).
    start = factory.LazyFunction(
        lambda: datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=7), datetime.time(17), ZoneInfo("Europe/Belgrade")
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    place = "Dental Technical School"
    city = "Belgrade"
    organiser = "Group 484"
    description = "<p>Check-ups and advice for children.</p>"
    parent = factory.SubFactory(EventIndexPageFactory)
    locale = factory.LazyFunction(english)

    class Meta:
        model = EventPage

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from languages.fallback import localized


class HomePage(Page):
    """What the portal is for, its topics, featured guides and upcoming events."""

    intro = models.TextField(_("introduction"))
    featured_guides = StreamField(
        [("guide", blocks.PageChooserBlock(page_type="guides.GuidePage"))],
        blank=True,
        verbose_name=_("featured guides"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured_guides")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    override_translatable_fields = [SynchronizedField("slug")]
    subpage_types = [
        "guides.TopicPage",
        "events.EventIndexPage",
        "guides.OfficeDirectoryPage",
        "guides.GlossaryPage",
        "home.InformationPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cultural_events.models import EventPage
        from guides.models import TopicPage

        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().order_by("path")
        featured = localized([block.value for block in self.featured_guides if block.value])
        context["featured"] = [guide for guide in featured if guide.live]
        context["upcoming_events"] = (
            EventPage.objects.descendant_of(self).live().public().filter(end__gte=timezone.now()).order_by("start")[:3]
        )
        return context


class InformationPage(Page):
    """A page about Putokaz itself: who runs it, how to reach them, what is
    stored, how accessible it is. Linked from every page's footer."""

    intro = models.TextField(_("introduction"))
    body = RichTextField(_("text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    to_fill = models.TextField(
        _("to fill in before launch"),
        blank=True,
        help_text=_(
            "For administrators, never shown to readers: what this page still lacks. "
            "The dashboard lists the page until this is empty."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("to_fill")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    # The note is about the page in every language: not translated.
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("to_fill")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Its title is in the footer of every page (base/invalidation.py).
    shown_on_every_page = True

    class Meta:
        verbose_name = _("page about Putokaz")
        verbose_name_plural = _("pages about Putokaz")

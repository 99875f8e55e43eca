from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
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
    subpage_types = ["guides.TopicPage", "events.EventIndexPage", "guides.OfficeDirectoryPage", "guides.GlossaryPage"]
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

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

STEP_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PictureBlock(blocks.StructBlock):
    """An optional picture, e.g. of the form to fill in. (Wagtail's ImageBlock
    would do, but wagtail-localize 1.14 fails on an empty optional one.)"""

    image = ImageChooserBlock(required=False, label=_("Image"))
    description = blocks.CharBlock(
        max_length=300,
        required=False,
        default="",
        label=_("What it shows"),
        help_text=_("For readers who cannot see it."),
    )


class StepBlock(blocks.StructBlock):
    """One thing the reader does, in order. Rendered with a stable anchor
    (#step-N) so the overview, a link or a search result can point at it."""

    heading = blocks.CharBlock(max_length=200, label=_("Heading"))
    body = blocks.RichTextBlock(features=STEP_TEXT_FEATURES, label=_("What to do"))
    documents = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        required=False,
        default=[],
        label=_("Documents to bring"),
    )
    picture = PictureBlock(label=_("Picture"))
    office = SnippetChooserBlock("guides.Office", required=False, label=_("Where to go"))
    cost = blocks.CharBlock(max_length=200, required=False, label=_("Cost"))
    duration = blocks.CharBlock(max_length=200, required=False, label=_("How long it takes"))
    tip = blocks.TextBlock(required=False, label=_("Tip"))
    warning = blocks.TextBlock(required=False, label=_("Warning"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "guides/blocks/step.html"


class SourceBlock(blocks.StructBlock):
    """Where a fact comes from: a law and article, or an institution."""

    title = blocks.CharBlock(max_length=300, label=_("Law or institution"))
    detail = blocks.CharBlock(max_length=500, required=False, label=_("Article or detail"))
    url = blocks.URLBlock(required=False, label=_("Link"))

    class Meta:
        icon = "doc-full"
        label = _("Source")

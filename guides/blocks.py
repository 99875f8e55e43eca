import copy
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from base import versions

# The version (base.versions) of the offices and publications that steps and
# sources point to, moved on by guides.signals at any change to one.
SNIPPETS = "snippets"
# A bound for a change no signal reports (an edit straight in the database).
SNIPPETS_SECONDS = 3600

STEP_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


LINK_ERROR = _(
    "Enter a web address that starts with https:// or http://, or an e-mail address as mailto:name@example.org."
)


def validate_link(value):
    """A link readers may follow: a web page or an e-mail address, never a
    javascript:, data: or other scheme a browser would run or open."""
    scheme = urlsplit(value).scheme.lower()
    try:
        if scheme == "mailto":
            validate_email(value[len("mailto:") :].split("?")[0])
        else:
            URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(LINK_ERROR, code="invalid_link") from None


class LinkField(forms.URLField):
    default_validators = (validate_link,)

    def to_python(self, value):
        # URLField would turn "mailto:a@b.org" into "mailto://a@b.org".
        text = (value or "").strip()
        return text if text.lower().startswith("mailto:") else super().to_python(value)


class LinkBlock(blocks.URLBlock):
    """A URLBlock for http(s) and mailto: links only, also when a translator
    overrides the link in wagtail-localize's editor (an override is stored
    unvalidated, and ingested without the block's form)."""

    def __init__(self, required=True, help_text=None, max_length=None, min_length=None, **kwargs):
        super().__init__(required=required, help_text=help_text, max_length=max_length, min_length=min_length, **kwargs)
        self.field = LinkField(
            required=required, help_text=help_text, max_length=max_length, min_length=min_length, assume_scheme="https"
        )

    def restore_translated_segments(self, value, segments):
        """wagtail-localize: the link for a translation (the override, else the
        source's). A link that is not allowed stops publishing the translation."""
        (segment,) = segments
        link = segment.data if hasattr(segment, "data") else segment.render_text()
        if link:
            try:
                validate_link(link)
            except ValidationError as error:
                raise ValidationError({NON_FIELD_ERRORS: error.messages}) from None
        return link

    def deconstruct(self):
        # The stored data and the migrations are a URLBlock's.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.URLBlock", args, kwargs


class OptionalImageChooserBlock(ImageChooserBlock):
    """Wagtail's image chooser, without the query it builds for steps that
    have no picture (most have none): in_bulk() of ids that are all None
    compiles a query only to find it empty, a third of a guide's steps'
    decoding."""

    def bulk_to_python(self, values):
        if all(value is None for value in values):
            return [None] * len(values)
        return super().bulk_to_python(values)


class PictureBlock(blocks.StructBlock):
    """An optional picture, e.g. of the form to fill in. (Wagtail's ImageBlock
    would do, but wagtail-localize 1.14 fails on an empty optional one.)"""

    image = OptionalImageChooserBlock(required=False, label=_("Image"))
    description = blocks.CharBlock(
        max_length=300,
        required=False,
        default="",
        label=_("What it shows"),
        help_text=_("For readers who cannot see it."),
    )


class KeptSnippetChooserBlock(SnippetChooserBlock):
    """A chooser of snippets that are few and shown on many pages (offices,
    publications): a page reads them from what each worker keeps instead of
    querying them. Each value is a copy, as Wagtail gives a value chosen
    twice: what a request does to it stays with that request."""

    def bulk_to_python(self, values):
        model = self.model_class
        kept = versions.kept(SNIPPETS, f"snippets:{model._meta.label}", model.objects.in_bulk, SNIPPETS_SECONDS)
        return [copy.copy(kept[value]) if value in kept else None for value in values]


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
    office = KeptSnippetChooserBlock("guides.Office", required=False, label=_("Where to go"))
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
    url = LinkBlock(required=False, label=_("Link"))
    # Where Putokaz read it, so a reader can weigh it: who published that and when.
    publication = KeptSnippetChooserBlock("guides.Publication", required=False, label=_("Found in"))
    # A number, the same in every language: not given to translators.
    section = blocks.RegexBlock(
        regex=r"^\d+(\.\d+)*(\s*[,–-]\s*\d+(\.\d+)*)*$",
        max_length=40,
        required=False,
        label=_("Section"),
        help_text=_("The section number in it: 4.2.1, or several: 4.1.2, 4.4.2 or 3.1.1–3.1.3."),
        error_messages={"invalid": _("Write the section as numbers with dots, e.g. 4.2.1, or several: 4.1.2, 4.4.2.")},
    )

    class Meta:
        icon = "doc-full"
        label = _("Source")


class ChangeNoteBlock(blocks.StructBlock):
    """A dated note to readers that the guide changed in a way that matters
    ("Fees updated"); translated with the guide. Small corrections need none."""

    date = blocks.DateBlock(label=_("Date"))
    note = blocks.CharBlock(max_length=300, label=_("What changed"))

    class Meta:
        icon = "history"
        label = _("Change note")


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class OpeningBlock(blocks.StructBlock):
    """One opening on a weekday: 08:00–15:00. A lunch break is two."""

    weekday = blocks.ChoiceBlock(choices=WEEKDAYS, label=_("Day"))
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(label=_("Closes"))

    class Meta:
        icon = "time"
        label = _("Opening")

    def clean(self, value):
        value = super().clean(value)
        if value["closes"] <= value["opens"]:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError(_("It must close after it opens."))}
            )
        return value


class OpeningHoursBlock(blocks.StreamBlock):
    opening = OpeningBlock()

    def clean(self, value):
        value = super().clean(value)
        by_day = {}
        for index, child in enumerate(value):
            by_day.setdefault(child.value["weekday"], []).append((index, child.value))
        errors = {}
        for openings in by_day.values():
            openings.sort(key=lambda pair: pair[1]["opens"])
            for (_first, earlier), (index, later) in zip(openings, openings[1:], strict=False):
                if later["opens"] < earlier["closes"]:
                    errors[index] = ValidationError(_("This overlaps another opening on the same day."))
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class HoursExceptionBlock(blocks.StructBlock):
    """A day the usual hours do not hold (a public holiday): closed, or
    open at other times."""

    date = blocks.DateBlock(label=_("Date"))
    opens = blocks.TimeBlock(required=False, label=_("Opens"), help_text=_("Empty: closed all day."))
    closes = blocks.TimeBlock(required=False, label=_("Closes"))
    note = blocks.CharBlock(required=False, max_length=100, label=_("Why"), help_text=_("For example: public holiday."))

    class Meta:
        icon = "date"
        label = _("Exception")

    def clean(self, value):
        value = super().clean(value)
        opens, closes = value.get("opens"), value.get("closes")
        if (opens is None) != (closes is None):
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError(_("Give both times, or neither for a day it is closed."))}
            )
        if opens and closes <= opens:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError(_("It must close after it opens."))}
            )
        return value

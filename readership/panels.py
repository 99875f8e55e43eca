"""The dashboard's "Most read, not yet translated": per language, the five
pages its readers open most that they still get in English. With the
searches that found nothing, this tells translators what to do first."""

import datetime

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .counter import has_sample_counts
from .models import PageViews

DAYS = 30
TOP = 5


def most_read_untranslated(days=DAYS, top=TOP, today=None):
    """[(language code, [(stand-in page id, original page id, title, views)])]
    in settings order, languages with none left out. One query."""
    today = today or timezone.localdate()
    rows = (
        PageViews.objects.filter(
            period=PageViews.Period.DAY,
            date__gt=today - datetime.timedelta(days=days),
            page__alias_of__isnull=False,
        )
        .values("page_id", "page__alias_of_id", "page__title", "page__locale__language_code")
        .annotate(total=Sum("views"))
        .order_by("-total", "page__title")
    )
    by_language = {}
    for row in rows:
        pages = by_language.setdefault(row["page__locale__language_code"], [])
        if len(pages) < top:
            pages.append((row["page_id"], row["page__alias_of_id"], row["page__title"], row["total"]))
    return [(code, by_language[code]) for code, _name in settings.LANGUAGES if code in by_language]


class MostReadUntranslatedPanel(Component):
    name = "most_read_untranslated"
    order = 95
    template_name = "readership/most_read_untranslated_panel.html"

    def get_context_data(self, parent_context):
        names = dict(settings.LANGUAGES)
        return {
            "languages": [(names[code], pages) for code, pages in most_read_untranslated()],
            "days": DAYS,
            "sample": has_sample_counts(),
            "request": parent_context.get("request"),
        }

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from base.sanitize import clean_html

register = template.Library()


@register.filter
def clean_richtext(value):
    """Like Wagtail's `richtext` filter, keeping only the editor's markup."""
    source = value.source if hasattr(value, "source") else str(value or "")
    return mark_safe(clean_html(expand_db_html(source)))  # noqa: S308 (sanitised by clean_html)

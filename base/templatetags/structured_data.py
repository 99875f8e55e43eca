"""schema.org JSON-LD for search engines and assistants: a data block, not
a script, so the content security policy has nothing to run."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def without_empty(value):
    """Drop keys whose value says nothing ("", None, [], {})."""
    if isinstance(value, dict):
        cleaned = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in ("", None, [], {})}
    if isinstance(value, list):
        return [without_empty(item) for item in value]
    return value


@register.filter
def json_ld(data):
    text = json.dumps({"@context": "https://schema.org", **without_empty(data)}, ensure_ascii=False, default=str)
    # "<" escaped: no text in it can close the element or open a comment.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)

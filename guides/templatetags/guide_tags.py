import re

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()

TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Inside these elements an abbreviation is already marked up or is a link's text.
SKIP_INSIDE = {"a", "abbr", "code"}


@register.filter(is_safe=True)
def explain_abbreviations(value, glossary):
    """Mark the glossary's abbreviations in text or HTML with <abbr title>,
    leaving tags, attributes and link texts alone."""
    html = conditional_escape(value if isinstance(value, str) else str(value))
    if not glossary:
        return mark_safe(html)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(term) for term in sorted(glossary, key=len, reverse=True)) + r")(?!\w)"
    )
    skipping = []
    parts = []
    for part in TAG_OR_TEXT.split(str(html)):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in SKIP_INSIDE and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping:
                        skipping.pop()
                else:
                    skipping.append(name.group(1).lower())
            parts.append(part)
        elif skipping:
            parts.append(part)
        else:
            parts.append(
                pattern.sub(lambda m: f'<abbr title="{escape(glossary[m.group(1)])}">{m.group(1)}</abbr>', part)
            )
    return mark_safe("".join(parts))

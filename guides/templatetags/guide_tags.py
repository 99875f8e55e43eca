import functools
import re

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from languages.templatetags.languages import isolate_ltr_runs

from ..opening import opening_state, weekly_hours

register = template.Library()

TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Inside these elements an abbreviation is already marked up or is a link's text.
SKIP_INSIDE = {"a", "abbr", "code"}


# Per page render, the abbreviations already explained: kept in the page's
# glossary dict (the same object for every field of one render) under a key
# no abbreviation can be.
EXPLAINED = object()


def printed_expansion(full_name, in_parentheses):
    """What a printout shows after an abbreviation, with one pair of
    parentheses at most: a full name's own parenthesis becomes a dash, and
    inside a parenthesis of the text the name follows a colon."""
    flat = re.sub(r"\s*\(([^()]*)\)", r" – \1", full_name)
    return f": {flat}" if in_parentheses else f" ({flat})"


def already_explained(before, full_name):
    """The text names it just before: "Ministry of Interior (MoI)"."""
    name = re.sub(r"\s*\([^()]*\)", "", full_name).strip()
    return bool(name) and re.search(re.escape(escape(name)) + r"\s*\(\s*$", before) is not None


@functools.lru_cache(maxsize=64)
def abbreviations_pattern(terms):
    """Any of `terms` as a word, the longest first; one per glossary (a
    guide explains its abbreviations in a dozen fields)."""
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")(?!\w)")


@register.filter(is_safe=True)
def explain_abbreviations(value, glossary):
    """Mark the glossary's abbreviations in text or HTML with <abbr title>,
    leaving tags, attributes and link texts alone. A printout has no title
    to hover over: the first occurrence on the page that the text does not
    explain itself gets the full name in a print-only span. On a
    right-to-left page, the Latin runs are then isolated (isolate_ltr_runs)."""
    html = conditional_escape(value if isinstance(value, str) else str(value))
    terms = [term for term in glossary if isinstance(term, str)] if glossary else []
    if not terms:
        return isolate_ltr_runs(html)
    explained = glossary.setdefault(EXPLAINED, set())
    pattern = abbreviations_pattern(tuple(sorted(terms, key=lambda term: (-len(term), term))))

    def mark(match):
        term, full_name = match.group(1), glossary[match.group(1)]
        abbr = f'<abbr title="{escape(full_name)}">{term}</abbr>'
        before = match.string[: match.start()]
        if term in explained or already_explained(before, full_name):
            explained.add(term)
            return abbr
        explained.add(term)
        in_parentheses = before.count("(") > before.count(")")
        return abbr + f'<span class="print-only">{escape(printed_expansion(full_name, in_parentheses))}</span>'

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
            parts.append(pattern.sub(mark, part))
    return isolate_ltr_runs(mark_safe("".join(parts)))  # noqa: S308 (escaped text and our own <abbr> marks)


@register.simple_tag
def steps_with_languages(page, translation=None):
    """(number, step, text, languages) for each step of a guide, where
    `languages` maps a step's fields to the language they are shown in when
    that is not the page's own: a translation published with parts still
    in the source language (languages/status.py)."""
    steps = page.steps_to_show()
    if not (translation and translation.missing):
        return [(number, step, text, {}) for number, step, text in steps]
    ids = [block.id for block in page.steps]
    return [
        (number, step, text, {name: translation.language_of(f"steps.{ids[number - 1]}.{name}") for name in step})
        for number, step, text in steps
    ]


@register.filter
def step_ids(page):
    """The steps' block ids, which a translation keeps: what a reader's
    ticks are stored under (guides/static/guides/checklist.js)."""
    return ",".join(block.id or "" for block in page.steps)  # a preview's new step has none yet


@register.filter
def newest_first(change_notes):
    """A guide's change notes (blocks), the newest first."""
    return sorted(change_notes, key=lambda block: block.value["date"], reverse=True)


@register.filter
def several_sections(sections):
    """Whether a source cites a list or range of sections ("4.1.2, 4.4.2",
    "3.1.1–3.1.3"), to say "sections" rather than "section"."""
    return any(mark in sections for mark in ",–-")


@register.simple_tag
def offices_structured_data(offices, directory):
    """The directory as a schema.org list of its offices, each with its address on the page."""
    return {
        "@type": "ItemList",
        "name": directory.title,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": office.structured_data(f"{directory.full_url}#{office.anchor}"),
            }
            for position, office in enumerate(offices, start=1)
        ],
    }


@register.simple_tag(takes_context=True)
def office_opening(context, office):
    """Open now, or when next, for a step's office; the page is kept in the
    page cache no longer than until that changes."""
    request = context.get("request")
    state = opening_state(office)
    if state is not None and state.changes_at is not None and request is not None:
        seconds = max(1, int((state.changes_at - timezone.now()).total_seconds()))
        request.page_cache_seconds = min(getattr(request, "page_cache_seconds", seconds), seconds)
    return state


@register.simple_tag
def hours_by_weekday(office):
    return weekly_hours(office)

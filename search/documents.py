"""Keeping one SearchDocument per live guide in each language."""

from django.db import transaction
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from guides.models import GuidePage

from .analysis import analyse

INDEXED_PAGE_TYPES = (GuidePage,)


def is_indexed(page):
    # A stand-in (alias) repeats its source, which has its own document; a
    # private page (or one in a private section) is for signed-in readers only.
    return (
        isinstance(page, INDEXED_PAGE_TYPES)
        and page.live
        and not page.alias_of_id
        and not page.get_view_restrictions().exists()
    )


# Between a step's parts (heading, text, each document, office, cost, ...) in
# the text a snippet shows, so they do not read as one sentence.
PART_SEPARATOR = " · "


def step_text(value):
    """A step's text as plain text with real characters (no tags, no HTML
    entities), part by part: what is indexed, and what snippets show."""
    office = value.get("office")
    parts = [
        value.get("heading", ""),
        get_text_for_indexing(value["body"].source) if value.get("body") else "",
        *(value.get("documents") or []),
        office.name if office else "",
        value.get("cost", ""),
        value.get("duration", ""),
        value.get("tip", ""),
        value.get("warning", ""),
    ]
    return PART_SEPARATOR.join(part for part in parts if part)


def document_fields(page):
    language = page.locale.language_code
    topic = page.get_parent()
    texts = [[step.value["heading"], step_text(step.value)] for step in page.steps]
    steps = [analyse(text, language) for _heading, text in texts]
    sources = " ".join(f"{s.value['title']} {s.value.get('detail', '')}" for s in page.sources)
    headings = analyse(f"{page.title} {' '.join(step.value['heading'] for step in page.steps)}", language)
    body = " ".join(
        [headings, headings, analyse(f"{page.summary} {page.audience} {topic.title} {sources}", language), *steps]
    )
    return {
        "locale_id": page.locale_id,
        "translation_key": page.translation_key,
        "body": body,
        "step_terms": steps,
        "step_texts": texts,
    }


def update_document(page):
    """Make, refresh or remove the page's search document, and (through
    Wagtail's own signal handlers) its entry in every search backend."""
    from .models import SearchDocument

    page = page.specific
    if is_indexed(page):
        document, _ = SearchDocument.objects.update_or_create(page=page, defaults=document_fields(page))
        return document
    remove_document(page)
    return None


def update_section(page_id):
    """Refresh the documents of a page and the guides below it, after a
    view restriction on it was added, changed or removed."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted meanwhile, its documents with it
        return
    for guide in GuidePage.objects.descendant_of(page, inclusive=True):
        update_document(guide)


def remove_document(page):
    from .models import SearchDocument

    for document in SearchDocument.objects.filter(page_id=page.pk):
        document.delete()


def rebuild_documents():
    """Every live guide's document, and no other (update_index calls this)."""
    from .models import SearchDocument

    with transaction.atomic():
        kept = []
        for page in GuidePage.objects.live().filter(alias_of__isnull=True).select_related("locale"):
            document = update_document(page)
            if document:
                kept.append(document.pk)
        for stale in SearchDocument.objects.exclude(pk__in=kept):
            stale.delete()
    return len(kept)

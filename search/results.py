"""What a result shows: the link (to the step the query lands on), its topic,
the step it opens, and a snippet with the matched words marked; and the
editors' picks that come before the ranked results."""

from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from django.utils.safestring import mark_safe
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, PageViewRestriction

from base import versions
from base.sites import site_root_paths

from .analysis import WORD, term
from .documents import step_text
from .query import logged_form

SNIPPET_WORDS = 30


@dataclass
class Result:
    page: Page
    language: str  # the language the text is in
    url: str
    step: str = ""  # "step-2"
    step_heading: str = ""
    # The snippet as plain text, part by part: (text, whether it is a matched word).
    snippet_parts: list = field(default_factory=list)
    topic: str = ""
    promoted: bool = False
    target: Page | None = None  # the page the link opens (a stand-in for an untranslated guide)

    def __post_init__(self):
        self.target = self.target or self.page

    @property
    def key(self):
        return self.page.slug

    @property
    def step_number(self):
        return int(self.step.removeprefix("step-")) if self.step else None

    @cached_property
    def snippet(self):
        """HTML: the text escaped once, matched words in <mark>."""
        return mark_safe(  # noqa: S308 (every piece escaped here)
            "".join(f"<mark>{escape(text)}</mark>" if marked else escape(text) for text, marked in self.snippet_parts)
        )

    @property
    def snippet_text(self):
        """Plain text, with real characters (for the JSON API)."""
        return "".join(text for text, _marked in self.snippet_parts)


def step_score(step_terms, concepts):
    """How many of the reader's words a step has, each in any of its forms
    (its synonyms count as the word itself, not as more words).
    `step_terms`: the step's terms between spaces (SearchDocument)."""
    present = f" {step_terms} "
    return sum(1 for alternatives in concepts if any(f" {term_} " in present for term_ in alternatives))


def reader_versions(pages, reader_locale):
    """The live version in the reader's language (a translation, or a
    stand-in for a guide not yet translated) of each page in another
    language, by translation key: one query for all the results, not one
    each (five took 5 ms of an Arabic suggestion at 10,000 guides)."""
    keys = [page.translation_key for page in pages if page.locale_id != reader_locale.pk]
    if not keys:
        return {}
    found = Page.objects.filter(translation_key__in=keys, locale_id=reader_locale.pk).live().specific()
    return {version.translation_key: version for version in found}


def topic_titles(paths):
    """The titles of the pages at `paths` (the topics results sit under):
    the navigation's pages, which hold every topic, are kept per worker
    (base.versions), so a search asks the database only for a guide filed
    deeper."""

    def build():
        return dict(Page.objects.filter(depth__lte=versions.NAVIGATION_DEPTH).values_list("path", "title"))

    titles = versions.kept(versions.NAVIGATION, "navigation-titles", build, versions.PAGES_SECONDS)
    missing = [path for path in paths if path not in titles]
    if not missing:
        return titles
    return {**titles, **dict(Page.objects.filter(path__in=missing).values_list("path", "title"))}


def describe(page, document, concepts, text_language, reader_locale, topics, in_reader_language, snippet=True):
    """A result for a matched document: link (to the step the query lands on),
    topic and, if `snippet`, a snippet with the matched words marked.
    `concepts` holds, per word of the query, the terms that count as it;
    `in_reader_language`, the reader's versions of pages in other languages
    (reader_versions)."""
    target = page
    if page.locale_id != reader_locale.pk:
        # Matched in another language: link the reader's version, which is
        # a translation or, for a guide not yet translated, its stand-in.
        version = in_reader_language.get(page.translation_key)
        if version is not None:
            target = version
            if not version.alias_of_id:
                page, text_language = target, reader_locale.language_code
    url = address(target)
    best_step, best_score = None, 0
    for number, terms_of_step in enumerate(document.step_terms, start=1):
        score = step_score(terms_of_step, concepts)
        if score > best_score:
            best_step, best_score = number, score
    matched_terms = {term_ for alternatives in concepts for term_ in alternatives}
    step, heading = "", ""
    # The same text the step was indexed from, so whatever matched shows:
    # kept in the document, unless the result shows another page's text.
    stored = document.step_texts if page.pk == document.page_id else None
    steps = stored or [[block.value["heading"], None] for block in page.steps]
    if best_step and best_step <= len(steps) and best_score * 2 >= min(len(concepts), 4):
        heading, text = steps[best_step - 1]
        step = f"step-{best_step}"
        if text is None and snippet:
            text = step_text(page.steps[best_step - 1].value)
    else:
        text = page.summary
    return Result(
        page=page,
        language=text_language,
        url=f"{url}#{step}" if step else url,
        step=step,
        step_heading=heading,
        snippet_parts=highlight(text, matched_terms, text_language) if snippet else [],
        topic=topics.get(target.path[: -Page.steplen]) or target.get_parent().title,
        target=target,
    )


def address(page):
    """The page's address, from the sites' root paths each worker keeps
    (base.sites.site_root_paths): Wagtail would read them from the cache for
    every page object, where it keeps them as `_wagtail_cached_site_root_paths`."""
    page._wagtail_cached_site_root_paths = site_root_paths()
    return page.url


def highlight(text, matched_terms, language, length=SNIPPET_WORDS):
    """A window of the text around its first matched word, as (text, marked)
    parts, every matched word marked (without the punctuation next to it)."""
    text_words = text.split()

    def matches(word):
        return any(term(w, language) in matched_terms for w in WORD.findall(word))

    # Only up to the first match, then the window: a long step's text is
    # not stemmed word by word past what the snippet shows.
    first = next((n for n, word in enumerate(text_words) if matches(word)), None)
    start = max(0, first - 5) if first is not None else 0
    window = text_words[start : start + length]
    if not window:
        return []
    parts = [("… ", False)] if start > 0 else []
    for n, word in enumerate(window):
        if n:
            parts.append((" ", False))
        if first is not None and matches(word):
            parts.extend(marked_words(word, matched_terms, language))
        else:
            parts.append((word, False))
    if start + length < len(text_words):
        parts.append((" …", False))
    return joined(parts)


def joined(parts):
    """The parts with each stretch of unmarked text as one: escaped once for
    the search page, and kept in fewer pieces (a snippet was some sixty)."""
    out = []
    for text, marked in parts:
        if out and not marked and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        else:
            out.append((text, marked))
    return out


def marked_words(token, matched_terms, language):
    parts, position = [], 0
    for match in WORD.finditer(token):
        if term(match.group(), language) in matched_terms:
            parts += [(token[position : match.start()], False), (match.group(), True)]
            position = match.end()
    parts.append((token[position:], False))
    return [part for part in parts if part[0]]


def promoted_pages(query, locale):
    """Editors' picks for the query (Wagtail's search promotions), in the
    reader's language where there is a version in it."""
    logged = logged_form(query)
    if logged not in picked_queries():  # most queries: no query for them
        return []
    picked = Query.objects.filter(query_string=logged).first()
    if picked is None:
        return []
    pages = []
    for promotion in picked.editors_picks.select_related("page").order_by("sort_order"):
        if promotion.page_id:
            page = (promotion.page.get_translation_or_none(locale) or promotion.page).specific
            if page.live:
                pages.append(page)
    return public_only(pages)


def picked_queries():
    """The queries editors picked pages for, kept per worker until a pick
    changes (the results' version, cache.py)."""
    from .cache import VERSION

    def build():
        return frozenset(Query.objects.filter(editors_picks__isnull=False).values_list("query_string", flat=True))

    return versions.kept(VERSION, "search:picked-queries", build, versions.PAGES_SECONDS)


def public_only(pages):
    """The pages no view restriction applies to (PageQuerySet.public: none
    is below a restricted page), without a query: the restricted pages'
    paths are kept per worker until a page or restriction changes."""

    def build():
        return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))

    restricted = versions.kept(versions.PAGES, "restricted-paths", build, versions.PAGES_SECONDS)
    return [page for page in pages if not page.path.startswith(restricted)]

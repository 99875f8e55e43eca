"""Running a reader's query: analysis, synonyms and spelling in Python (the
same on every engine), then the configured engine ranks the documents, with
the database backend taking over when the engine is down or slow."""

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape, strip_tags
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wagtail.contrib.search_promotions.models import Query
from modelsearch.utils import normalise_query_string
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .analysis import term, terms, words
from .models import SearchDocument, Synonym

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
SNIPPET_WORDS = 30
# After the engine fails, the database answers alone for this long, so
# readers do not each wait for the engine's timeout.
ENGINE_PAUSE_SECONDS = 30
VERSION_KEY = "search:version"


def clean_query(raw):
    """The query as typed, made safe: no control characters, one space
    between words, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def logged_form(query):
    """How a query is counted: lower case, single spaces."""
    return normalise_query_string(query)[:MAX_QUERY_LENGTH]


# What search knows changes when a document, synonym or glossary term does;
# the version lets every process drop its cached vocabulary and synonyms.


def content_version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


_memo = {}


def memoised(name, language, build):
    key = (name, language, content_version())
    if key not in _memo:
        for stale in [k for k in _memo if k[:2] == key[:2]]:
            del _memo[stale]
        _memo[key] = build()
    return _memo[key]


def vocabulary(language):
    """Every term in the language's documents, with how many documents hold it."""

    def build():
        counts = Counter()
        for body in SearchDocument.objects.filter(locale__language_code=language).values_list("body", flat=True):
            counts.update(set(body.split()))
        return counts

    return memoised("vocabulary", language, build)


def synonym_groups(language):
    """Groups of equivalent phrases, each as a tuple of terms: the editors'
    synonyms and every glossary abbreviation with its full name."""
    from guides.models import GlossaryTerm

    def build():
        groups = [synonym.phrases() for synonym in Synonym.objects.all()]
        for abbreviation, full_name in GlossaryTerm.objects.filter(locale__language_code=language).values_list(
            "abbreviation", "full_name"
        ):
            groups.append([abbreviation, re.sub(r"\s*\([^)]*\)", "", full_name)])
        analysed = []
        for group in groups:
            phrases = [tuple(terms(phrase, language)) for phrase in group]
            analysed.append([phrase for phrase in phrases if phrase])
        return [group for group in analysed if len(group) > 1]

    return memoised("synonyms", language, build)


def contains(sequence, phrase):
    n = len(phrase)
    return any(tuple(sequence[i : i + n]) == phrase for i in range(len(sequence) - n + 1))


def expand_synonyms(query_terms, language):
    extra = []
    for group in synonym_groups(language):
        if any(contains(query_terms, phrase) for phrase in group):
            for phrase in group:
                if not contains(query_terms, phrase):
                    extra.extend(phrase)
    return extra


def allowed_typos(word):
    return 1 if len(word) <= 5 else 2


def correct_spelling(query_terms, language):
    """Replace terms no document has with the closest term that documents
    do have (one or two letters apart). Returns the terms and what changed."""
    known = vocabulary(language)
    if not known:
        return query_terms, {}
    choices = list(known)
    corrected, changes = [], {}
    for query_term in query_terms:
        if query_term in known or query_term.isdigit() or len(query_term) < 4:
            corrected.append(query_term)
            continue
        matches = process.extract(
            query_term, choices, scorer=Levenshtein.distance, score_cutoff=allowed_typos(query_term), limit=5
        )
        if matches:
            # The closest, then the most common.
            best = min(matches, key=lambda match: (match[1], -known[match[0]]))[0]
            corrected.append(best)
            changes[query_term] = best
        else:
            corrected.append(query_term)
    return corrected, changes


@dataclass
class Result:
    page: Page
    language: str  # the language the text is in
    url: str
    step: str = ""  # "step-2"
    snippet: str = ""  # HTML, matched words in <mark>
    topic: str = ""
    promoted: bool = False
    target: Page | None = None  # the page the link opens (a stand-in for an untranslated guide)

    def __post_init__(self):
        self.target = self.target or self.page

    @property
    def key(self):
        return self.page.slug


@dataclass
class Outcome:
    query: str
    language: str
    results: list = field(default_factory=list)
    corrected_query: str = ""  # "did you mean", in the reader's words
    incomplete: bool = False  # the engine failed; the database answered
    message: str = ""


_backends = {}


def backend(name):
    """One backend instance (and engine client) per configuration."""
    key = (name, repr(settings.WAGTAILSEARCH_BACKENDS.get(name)))
    if key not in _backends:
        _backends[key] = get_search_backend(name)
    return _backends[key]


def run(name, queryset, query_string, limit):
    return list(backend(name).search(query_string, queryset, operator="or")[:limit])


def engine_state():
    """For /readyz: "database" (no engine configured), "ok", or "fallback"
    (the engine does not answer, or failed lately, and the database answers
    searches)."""
    if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
        return "database"
    if cache.get("search:engine-paused"):
        return "fallback"
    try:
        return "ok" if backend("default").es.ping() else "fallback"
    except Exception:  # any client error means the same: not answering
        return "fallback"


def engine_search(queryset, query_string, limit):
    """Rank with the configured engine; on failure, with the database.
    Returns the documents and whether the fallback answered."""
    if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
        return run("default", queryset, query_string, limit), False
    if not cache.get("search:engine-paused"):
        try:
            return run("default", queryset, query_string, limit), False
        except Exception:  # the engine's client raises many kinds; any of them means "not now"
            logger.warning("Search engine failed; answering from the database for %ss", ENGINE_PAUSE_SECONDS, exc_info=True)
            cache.set("search:engine-paused", True, ENGINE_PAUSE_SECONDS)
    return run("fallback", queryset, query_string, limit), True


def search(raw_query, language, limit=10):
    query = clean_query(raw_query)
    outcome = Outcome(query=query, language=language)
    query_words = words(query)[:MAX_QUERY_WORDS]
    if not query_words:
        return outcome
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()

    query_terms = [term(word, language) for word in query_words]
    corrected, changes = correct_spelling(query_terms, language)
    if changes:
        outcome.corrected_query = corrected_words(query_words, query_terms, corrected, language)
    expanded = corrected + expand_synonyms(corrected, language)
    documents, incomplete = engine_search(
        SearchDocument.objects.filter(locale_id=locale.pk), " ".join(dict.fromkeys(expanded)), limit
    )

    # Then the source language (every guide exists in it): for guides not yet
    # in the reader's language, or for all of them when nothing matched here.
    source_locale = Locale.get_default()
    other_documents, other_terms, other_incomplete = [], [], False
    # Results in the reader's language come first, so when they already fill
    # the page the source language could add nothing that would be shown.
    if source_locale.pk != locale.pk and len(documents) < limit:
        candidates = SearchDocument.objects.filter(locale_id=source_locale.pk)
        if documents:
            translated_here = SearchDocument.objects.filter(locale_id=locale.pk).values_list("translation_key", flat=True)
            candidates = candidates.exclude(translation_key__in=list(translated_here))
        if candidates.exists():
            source_language = source_locale.language_code
            other_terms, _ = correct_spelling(terms(query, source_language), source_language)
            other_terms += expand_synonyms(other_terms, source_language)
            other_documents, other_incomplete = engine_search(candidates, " ".join(dict.fromkeys(other_terms)), limit)
    outcome.incomplete = incomplete or other_incomplete

    pages = {p.pk: p for p in Page.objects.filter(pk__in=[d.page_id for d in documents + other_documents]).specific()}
    # One query for every result's topic (its parent page).
    parent_paths = {page.path[: -Page.steplen] for page in pages.values()}
    topics = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    picks = promoted_pages(query, locale)
    seen = {page.translation_key for page in picks}
    outcome.results = [Result(page=page, language=language, url=page.url, promoted=True) for page in picks]
    for document in documents:
        page = pages.get(document.page_id)
        if page and page.translation_key not in seen:
            seen.add(page.translation_key)
            outcome.results.append(describe(page, document, set(expanded), language, locale, topics))
    for document in other_documents:
        page = pages.get(document.page_id)
        if page and page.translation_key not in seen:
            seen.add(page.translation_key)
            outcome.results.append(describe(page, document, set(other_terms), source_locale.language_code, locale, topics))
    outcome.results = outcome.results[:limit]
    return outcome


def corrected_words(query_words, query_terms, corrected, language):
    """The reader's query with each corrected word replaced by a word from
    the guides that has the corrected term."""
    replacements = {}
    wanted = {old: new for old, new in zip(query_terms, corrected) if old != new}
    if not wanted:
        return ""
    out = []
    for word, old in zip(query_words, query_terms):
        if old in wanted:
            replacements.setdefault(old, surface_form(wanted[old], language) or wanted[old])
            out.append(replacements[old])
        else:
            out.append(word)
    return " ".join(out)


def surface_form(wanted_term, language):
    """A real word of the guides whose term is `wanted_term`."""
    from guides.models import GuidePage

    for page in GuidePage.objects.live().filter(locale__language_code=language, alias_of__isnull=True).only("title", "summary")[:200]:
        for word in words(f"{page.title} {page.summary}"):
            if term(word, language) == wanted_term:
                return word.lower()
    return ""


def promoted_pages(query, locale):
    """Editors' picks for the query (Wagtail's search promotions), in the
    reader's language where there is a version in it."""
    picked = Query.objects.filter(query_string=logged_form(query)).first()
    if picked is None:
        return []
    pages = []
    for promotion in picked.editors_picks.select_related("page").order_by("sort_order"):
        if promotion.page_id:
            page = (promotion.page.get_translation_or_none(locale) or promotion.page).specific
            if page.live:
                pages.append(page)
    return pages


def describe(page, document, matched_terms, text_language, reader_locale, topics):
    """What a result shows: link (to the step the query lands on), topic and
    a snippet with the matched words marked."""
    target = page
    if page.locale_id != reader_locale.pk:
        # Matched in the source language: link the reader's version, which is
        # a translation or, for a guide not yet translated, its stand-in.
        version = page.get_translation_or_none(reader_locale)
        if version is not None and version.live:
            target = version.specific
            if not version.alias_of_id:
                page, text_language = target, reader_locale.language_code
    url = target.url
    best_step, best_score = None, 0
    for number, step in enumerate(document.step_terms, start=1):
        score = len(matched_terms & set(step))
        if score > best_score:
            best_step, best_score = number, score
    if best_step and best_score * 2 >= min(len(matched_terms), 4):
        # The stored block data: no need to build the step's blocks to show a line of it.
        text = raw_step_text(page.steps.raw_data[best_step - 1]["value"])
        step = f"step-{best_step}"
    else:
        text, step = page.summary, ""
    return Result(
        page=page,
        language=text_language,
        url=f"{url}#{step}" if step else url,
        step=step,
        snippet=highlight(text, matched_terms, text_language),
        topic=topics.get(target.path[: -Page.steplen]) or target.get_parent().title,
        target=target,
    )


def raw_step_text(value):
    documents = [item["value"] if isinstance(item, dict) else item for item in value.get("documents") or []]
    parts = [value.get("heading"), strip_tags(value.get("body") or ""), *documents, value.get("tip"), value.get("warning")]
    return " ".join(part for part in parts if part)


def highlight(text, matched_terms, language, length=SNIPPET_WORDS):
    """A window of the text around its first matched word, HTML-escaped,
    with every matched word in <mark>."""
    tokens = re.split(r"(\s+)", " ".join(text.split()))
    word_positions = [i for i, token in enumerate(tokens) if token.strip()]
    hits = [i for i in word_positions if any(term(w, language) in matched_terms for w in words(tokens[i]))]
    start_word = max(0, word_positions.index(hits[0]) - 5) if hits else 0
    window = word_positions[start_word : start_word + length]
    if not window:
        return ""
    out = []
    for i in range(window[0], window[-1] + 1):
        token = tokens[i]
        out.append(f"<mark>{escape(token)}</mark>" if i in hits else escape(token))
    prefix = "… " if window[0] > 0 else ""
    suffix = " …" if window[-1] < len(tokens) - 1 else ""
    return prefix + "".join(out) + suffix


def suggestions(raw_query, language, limit=5):
    """Titles for a query being typed: the last, unfinished word is completed
    from the guides' own words."""
    query = clean_query(raw_query)
    query_words = words(query)[:MAX_QUERY_WORDS]
    if not query_words:
        return []
    last = term(query_words[-1], language)
    known = vocabulary(language)
    if last not in known:
        completions = [t for t in known if t.startswith(last)]
        if completions:
            completed = max(completions, key=known.get)
            query = " ".join(query_words[:-1] + [surface_form(completed, language) or completed])
    return [{"title": r.page.title, "url": r.url} for r in search(query, language, limit=limit).results]

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
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wagtail.contrib.search_promotions.models import Query
from modelsearch.utils import normalise_query_string
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .analysis import prefix, term, terms, words
from .models import SearchDocument, Synonym
from .results import Result, describe

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Spelling correction compares a word with the whole vocabulary: at most this
# many unknown words per query are corrected (the first ones, which readers
# type most carefully), so one long garbled query costs little.
MAX_CORRECTED_WORDS = 4
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


def with_synonyms(query_terms, language):
    """Per query term: the term and the terms that stand for it, from every
    synonym group one of the query's phrases belongs to. They count as that
    one word of the query, not as more words (a step with "zubar" has the
    word "dentist")."""
    concepts = [dict.fromkeys([query_term]) for query_term in query_terms]
    for group in synonym_groups(language):
        present = [phrase for phrase in group if contains(query_terms, phrase)]
        if present:
            alternatives = dict.fromkeys(term_ for phrase in group for term_ in phrase)
            for concept, query_term in zip(concepts, query_terms, strict=True):
                if any(query_term in phrase for phrase in present):
                    concept.update(alternatives)
    return [list(concept) for concept in concepts]


COMPLETIONS = 5


def completions(word, language):
    """The guides' terms an unfinished word may become, most common first."""
    known = vocabulary(language)
    start = prefix(word, language)
    found = [term_ for term_ in known if term_.startswith(start)]
    whole = term(word, language)
    if whole in known:
        found.append(whole)
    return sorted(dict.fromkeys(found), key=lambda term_: -known[term_])[:COMPLETIONS]


def understand(query_words, language, correct=True, complete_last=False):
    """The query as the engine is asked it: per word, the terms that count
    as it (its own, corrected or completed, and its synonyms). Returns those
    and the spelling corrections made ({term: corrected term})."""
    query_terms = [term(word, language) for word in query_words]
    completed = completions(query_words[-1], language) if complete_last else []
    typed = query_terms[:-1] if completed else query_terms
    corrected, changes = correct_spelling(typed, language) if correct else (typed, {})
    concepts = with_synonyms(corrected + completed[:1], language)
    if completed:
        concepts[-1] = list(dict.fromkeys(concepts[-1] + completed))
    return concepts, changes


def query_string(concepts):
    return " ".join(dict.fromkeys(term_ for concept in concepts for term_ in concept))


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
    attempts = 0
    for query_term in query_terms:
        if query_term in known or query_term.isdigit() or len(query_term) < 4 or attempts >= MAX_CORRECTED_WORDS:
            corrected.append(query_term)
            continue
        attempts += 1
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
class Outcome:
    query: str
    language: str
    results: list = field(default_factory=list)
    corrected_query: str = ""  # the query as searched, spelling corrected, in the guides' words
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


def search(raw_query, language, limit=10, correct=True, complete_last=False):
    """The reader's results, in rank order. `correct`: replace words no guide
    has by the nearest that one has; `complete_last`: the last word is still
    being typed (suggestions)."""
    query = clean_query(raw_query)
    outcome = Outcome(query=query, language=language)
    query_words = words(query)[:MAX_QUERY_WORDS]
    if not query_words:
        return outcome
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()

    concepts, changes = understand(query_words, language, correct, complete_last)
    if changes:
        outcome.corrected_query = corrected_words(query_words, changes, language)
    documents, incomplete = engine_search(SearchDocument.objects.filter(locale_id=locale.pk), query_string(concepts), limit)

    # Then another language: the source language (every guide exists in it),
    # for guides not yet in the reader's language, or for all of them when
    # nothing matched here; or a language whose guides know more of the
    # query's words (Serbian words typed on the Russian site).
    source_locale = Locale.get_default()
    other_locale = fallback_locale(query_words, locale, source_locale)
    other_documents, other_concepts, other_incomplete = [], [], False
    # Results in the reader's language come first, so when they already fill
    # the page another language could add nothing that would be shown.
    if other_locale.pk != locale.pk and len(documents) < limit:
        candidates = SearchDocument.objects.filter(locale_id=other_locale.pk)
        if documents and other_locale.pk == source_locale.pk:
            translated_here = SearchDocument.objects.filter(locale_id=locale.pk).values_list("translation_key", flat=True)
            candidates = candidates.exclude(translation_key__in=list(translated_here))
        elif documents:
            candidates = candidates.exclude(translation_key__in=[document.translation_key for document in documents])
        if candidates.exists():
            other_concepts, other_changes = understand(query_words, other_locale.language_code, correct, complete_last)
            other_documents, other_incomplete = engine_search(candidates, query_string(other_concepts), limit)
            if other_documents and other_changes and not documents:
                outcome.corrected_query = corrected_words(query_words, other_changes, other_locale.language_code)
    outcome.incomplete = incomplete or other_incomplete

    # Live and public now, whatever the documents say: a document outlives
    # its page's privacy until the signal that removes it has run.
    found_ids = [d.page_id for d in documents + other_documents]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=found_ids).live().public().specific()}
    # One query for every result's topic (its parent page).
    parent_paths = {page.path[: -Page.steplen] for page in pages.values()}
    topics = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    picks = promoted_pages(query, locale)
    seen = {page.translation_key for page in picks}
    outcome.results = [Result(page=page, language=language, url=page.url, promoted=True) for page in picks]
    for found, found_concepts, found_language in (
        (documents, concepts, language),
        (other_documents, other_concepts, other_locale.language_code),
    ):
        for document in found:
            page = pages.get(document.page_id)
            if page and page.translation_key not in seen:
                seen.add(page.translation_key)
                outcome.results.append(describe(page, document, found_concepts, found_language, locale, topics))
    outcome.results = outcome.results[:limit]
    return outcome


def fallback_locale(query_words, reader_locale, source_locale):
    """The language to look in besides the reader's: the source language,
    unless another language's guides know more of the query's words than
    both the reader's and the source language's do."""

    def known(locale):
        known_terms = vocabulary(locale.language_code)
        return sum(term(word, locale.language_code) in known_terms for word in query_words)

    reader_known = known(reader_locale)
    if reader_known == len(query_words):
        return source_locale
    order = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}
    others = sorted(
        Locale.objects.exclude(pk__in=[reader_locale.pk, source_locale.pk]), key=lambda locale: order.get(locale.language_code, len(order))
    )
    best, best_known = source_locale, max(reader_known, known(source_locale) if source_locale != reader_locale else 0)
    for locale in others:
        if (count := known(locale)) > best_known:
            best, best_known = locale, count
    return best


def corrected_words(query_words, changes, language):
    """The reader's query with each corrected word replaced by a word from
    the guides that has the corrected term."""
    out = []
    for word in query_words:
        corrected = changes.get(term(word, language))
        out.append((surface_form(corrected, language) or corrected) if corrected else word)
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
    public = set(Page.objects.filter(pk__in=[page.pk for page in pages]).public().values_list("pk", flat=True))
    return [page for page in pages if page.pk in public]


def suggestions(raw_query, language, limit=5):
    """Titles for a query being typed: the last, unfinished word stands for
    the guides' words it may become."""
    return [{"title": r.page.title, "url": r.url} for r in search(raw_query, language, limit=limit, complete_last=True).results]

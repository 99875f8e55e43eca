"""Running a reader's query, stage by stage: the query is cleaned and
understood in Python (query.py: spelling, completions, synonyms, the same on
every engine), the configured engine ranks the documents (backends.py: the
database takes over when the engine is down or slow), then the results are
described (results.py: links to steps, snippets, editors' picks). Here is
only what ties them: which languages to look in, and in what order the
results come."""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Page

from languages.fallback import default_locale, every_locale, locale_or_default

from . import cache
from .analysis import term, terms, words
from .backends import engine_search
from .documents import INDEXED_PAGE_TYPES
from .models import SearchDocument
from .query import (
    MAX_QUERY_WORDS,
    clean_query,
    content_words,
    corrected_words,
    from_latin_keyboard,
    in_source_language,
    query_string,
    understand,
    vocabulary,
)
from .results import Result, describe, promoted_pages, public_only, reader_versions, topic_titles

# A title or step heading's terms are in a document this many times.
HEADING_WEIGHT = 3


@dataclass
class Outcome:
    query: str
    language: str
    results: list = field(default_factory=list)
    corrected_query: str = ""  # the query as searched, spelling corrected, in the guides' words
    incomplete: bool = False  # the engine failed; the database answered
    message: str = ""


def search(raw_query, language, limit=10, correct=True, complete_last=False, snippets=True):
    """The reader's results, in rank order, kept until content changes
    (cache.py). `correct`: replace words no guide has by the nearest that
    one has; `complete_last`: the last word is still being typed
    (suggestions); `snippets`: whether results show a snippet (suggestions
    show only titles)."""
    return cache.kept(
        find, raw_query, language, limit=limit, correct=correct, complete_last=complete_last, snippets=snippets
    )


def find(raw_query, language, limit=10, correct=True, complete_last=False, snippets=True):
    """search(), asking the engine."""
    query = clean_query(raw_query)
    outcome = Outcome(query=query, language=language)
    query_words = content_words(from_latin_keyboard(words(query)[:MAX_QUERY_WORDS], language), language)
    if not query_words:
        return outcome
    locale = locale_or_default(language)

    concepts, changes = understand(query_words, language, correct, complete_last)
    if changes:
        outcome.corrected_query = corrected_words(query_words, changes, language)
    documents, incomplete = engine_search(
        SearchDocument.objects.filter(locale_id=locale.pk), query_string(concepts), limit
    )

    # Then another language: the source language (every guide exists in it),
    # for guides not yet in the reader's language, or for all of them when
    # nothing matched here; or a language whose guides know more of the
    # query's words (Serbian words typed on the Russian site).
    source_locale = default_locale()
    other_locale = fallback_locale(query_words, locale, source_locale)
    other_documents, other_concepts, other_incomplete = [], [], False
    # Another language's result goes before the reader's-language results
    # only when it has more of the query's words (`merged`): when those fill
    # the page with every word, it could add nothing that would be shown.
    page_full = len(documents) >= limit and all(has_every_word(document, concepts) for document in documents)
    if other_locale.pk != locale.pk and not page_full:
        candidates = SearchDocument.objects.filter(locale_id=other_locale.pk)
        if documents and other_locale.pk == source_locale.pk:
            candidates = not_translated_into(candidates, locale)
        elif documents:
            candidates = candidates.exclude(translation_key__in=[document.translation_key for document in documents])
        if candidates.exists():
            other_concepts, other_changes = understand(query_words, other_locale.language_code, correct, complete_last)
            if other_locale.pk == source_locale.pk and locale.pk != source_locale.pk:
                # Guides not yet in the reader's language: the reader's words, translated.
                other_concepts = in_source_language(other_concepts, concepts, language)
            other_documents, other_incomplete = engine_search(candidates, query_string(other_concepts), limit)
            if other_documents and other_changes and not documents:
                outcome.corrected_query = corrected_words(query_words, other_changes, other_locale.language_code)
    outcome.incomplete = incomplete or other_incomplete

    # Live and public now, whatever the documents say: a document outlives
    # its page's privacy until the signal that removes it has run.
    found_ids = [d.page_id for d in documents + other_documents]
    pages = {p.pk: p for p in public_only(found_pages(found_ids))}
    in_reader_language = reader_versions(pages.values(), locale)
    # Every result's topic: the parent of the page it links.
    topics = topic_titles({page.path[: -Page.steplen] for page in [*pages.values(), *in_reader_language.values()]})
    picks = promoted_pages(query, locale)
    seen = {page.translation_key for page in picks}
    outcome.results = [Result(page=page, language=language, url=page.url, promoted=True) for page in picks]
    own = [(document, concepts, language) for document in documents]
    other = [(document, other_concepts, other_locale.language_code) for document in other_documents]

    def standing(item):
        document, found_concepts, found_language = item
        in_text, in_headings = covered(*item)
        return in_text, in_title(pages.get(document.page_id), found_concepts, found_language), in_headings

    for document, found_concepts, found_language in merged(own, other, standing):
        page = pages.get(document.page_id)
        if page and page.translation_key not in seen:
            seen.add(page.translation_key)
            outcome.results.append(
                describe(page, document, found_concepts, found_language, locale, topics, in_reader_language, snippets)
            )
    outcome.results = outcome.results[:limit]
    return outcome


# The longest list of guides' keys a search names (see not_translated_into).
MAX_NAMED_GUIDES = 100


def not_translated_into(candidates, locale):
    """The candidates (source-language documents) of the guides that have no
    document in `locale`, named the cheapest way for the engine, which ranks
    the same documents either way: by the keys to keep (most guides
    translated), or by the keys to leave out (few translated; only those
    among the candidates), each when there are few. At 10,000 guides,
    OpenSearch took 19 ms to leave out the thousand keys of the guides in
    Arabic, of which 18 had an English document."""
    in_language = SearchDocument.objects.filter(locale_id=locale.pk).values("translation_key")
    untranslated = candidates.exclude(translation_key__in=in_language)
    if (keys := first_keys(untranslated)) is not None:
        return candidates.filter(translation_key__in=keys)
    if (keys := first_keys(candidates.filter(translation_key__in=in_language))) is not None:
        return candidates.exclude(translation_key__in=keys)
    # Both long: a subquery (at 10,000 guides, compiling a list of a
    # thousand keys into SQL took the database 15 ms a search).
    return untranslated


def first_keys(documents):
    """The documents' translation keys, or None if there are more than
    MAX_NAMED_GUIDES."""
    keys = list(documents.values_list("translation_key", flat=True)[: MAX_NAMED_GUIDES + 1])
    return keys if len(keys) <= MAX_NAMED_GUIDES else None


# What describing a result reads of its page; its steps are read only for
# a result whose text is another page's (results.describe).
DESCRIBED = ["title", "slug", "url_path", "path", "depth", "translation_key", "locale_id", "alias_of_id", "live"]
DESCRIBED += ["content_type_id", "summary"]


def found_pages(page_ids):
    """The live pages of the documents found: only pages of the indexed
    types have documents, so one query per type, with the fields a result
    shows, unordered (results keep the engine's order; Page's ordering by
    path was a fifth of the time Django took to build the query)."""
    return [
        page
        for model in INDEXED_PAGE_TYPES
        for page in model.objects.filter(pk__in=page_ids).live().only(*DESCRIBED).order_by()
    ]


def covered(document, concepts, language):
    """How well a document answers the query: how many of the query's words
    it has (in any of their terms), then how many of them it has in a
    heading (headings' terms are written three times, see SearchDocument)."""
    # Each of the body's terms between two spaces of its own, so that
    # str.count finds every occurrence of a term (a Counter of the body's
    # thousand terms took 0.1 ms a document).
    body = f" {document.body.replace(' ', '  ')} "
    found = [sum(body.count(f" {term_} ") for term_ in set(concept)) for concept in concepts]
    return sum(count > 0 for count in found), sum(count >= HEADING_WEIGHT for count in found)


def has_every_word(document, concepts):
    """Whether a document has every word of the query, in any of its terms:
    covered() without counting (a term is found, not counted, in the body
    as stored)."""
    body = f" {document.body} "
    return all(any(f" {term_} " in body for term_ in concept) for concept in concepts)


def in_title(page, concepts, language):
    """How many of the query's words a result's title has, each title word
    standing for one of them at most (a translated query may give two of
    its words the same English term: "refugee" for پناہ and for گزین)."""
    title = set(terms(page.title, language)) if page else set()
    used = set()
    for matched in sorted((title.intersection(concept) for concept in concepts), key=len):
        if free := matched - used:
            used.add(min(free))
    return len(used)


def merged(own, other, standing):
    """Results in the reader's language first, each list in the engine's
    order, except that a result in another language that stands higher goes
    before the reader's-language results that stand lower. `standing`: how
    many of the query's words a result has, then how many its title has,
    then its headings. A Pashto query for "temporary residence" finds the
    English guide on it before a Pashto guide that only mentions
    "residence"; an Urdu query for "high school admission" finds the English
    guide titled so before the Urdu guide on primary school, which has the
    words in its text."""
    if not (own and other):  # nothing to interleave: no result needs standing
        return own + other
    own = [(standing(item), item) for item in own]
    other = [(standing(item), item) for item in other]
    out = []
    while own and other:
        out.append((other if other[0][0] > own[0][0] else own).pop(0))
    return [item for _score, item in out + own + other]


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
        (locale for locale in every_locale() if locale.pk not in (reader_locale.pk, source_locale.pk)),
        key=lambda locale: order.get(locale.language_code, len(order)),
    )
    best, best_known = source_locale, max(reader_known, known(source_locale) if source_locale != reader_locale else 0)
    for locale in others:
        if (count := known(locale)) > best_known:
            best, best_known = locale, count
    return best


def suggestions(raw_query, language, limit=5):
    """Titles for a query being typed: the last, unfinished word stands for
    the guides' words it may become."""
    outcome = search(raw_query, language, limit=limit, complete_last=True, snippets=False)
    return [{"title": result.page.title, "url": result.url} for result in outcome.results]

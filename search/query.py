"""A reader's query before any engine sees it: cleaned, words typed on a
Latin keyboard put back in Cyrillic, words without content (how, my, the)
set aside, the rest turned into the guides' terms, misspellings corrected,
unfinished words completed and synonyms added; for the guides not yet in
the reader's language, the terms are carried into the source language
(lexicon.py). All in Python, so every engine is asked the same.

The vocabulary and synonyms are built from the database once per process
and content version (see `memoised`)."""

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter

from django.conf import settings
from modelsearch.utils import normalise_query_string
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from base import versions
from languages.transliteration import to_latin

from .analysis import base_language, fold, prefix, term, terms, words
from .keyboard import to_cyrillic
from .lexicon import PIVOTS, build_lexicon
from .models import SearchDocument, Synonym
from .stopwords import STOP_WORDS

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Spelling correction compares a word with the whole vocabulary: at most this
# many unknown words per query are corrected (the first ones, which readers
# type most carefully), so one long garbled query costs little.
MAX_CORRECTED_WORDS = 4
COMPLETIONS = 5
# Sorts after every character a term may have: the end of a prefix's terms.
LAST_CHARACTER = chr(0x10FFFF)


def clean_query(raw):
    """The query as typed, made safe: no control characters, one space
    between words, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def logged_form(query):
    """How a query is counted (and matched to editors' picks): lower case,
    single spaces."""
    return normalise_query_string(query)[:MAX_QUERY_LENGTH]


# What search knows changes when a document, synonym, glossary term, office
# or topic does (signals.py): the version lets every process drop its kept
# vocabulary, lexicon and synonyms.
VERSION = "search-content"
# How long a built vocabulary, lexicon or synonym list is kept at most; a
# new version stops it being asked for long before.
SHARED_SECONDS = 24 * 3600


def bump_version():
    versions.move_on(VERSION)


def memoised(name, language, build):
    """What search knows of a language, built once per version for every
    process (base.versions.kept): kept in this process, and in Django's
    cache (Redis in production), where the first worker to need it leaves
    it for the others (building a language's vocabulary and lexicon takes
    0.3 to 0.8 s at 10,000 guides; reading it back, milliseconds)."""
    return versions.kept(VERSION, f"search:{name}:{language}", build, SHARED_SECONDS)


def vocabulary(language):
    """Every term in the language's documents, with how many documents hold it."""

    def build():
        counts = Counter()
        # Fifty bodies at a time: at 10,000 guides the bodies together are
        # tens of MB, which a worker would otherwise hold at once and keep
        # as its peak (500 at a time still raised it by up to 16 MB; 50,
        # by 2 MB, in the same time).
        bodies = SearchDocument.objects.filter(locale__language_code=language).values_list("body", flat=True)
        for body in bodies.iterator(chunk_size=50):
            counts.update(set(body.split()))
        return counts

    return memoised("vocabulary", language, build)


def starting_with(start, language):
    """The vocabulary's terms that start with `start` (a word being typed,
    or a typo's first letter), in the vocabulary's order: found by
    bisection in the terms sorted alphabetically, rather than by reading
    every term (a scan took a millisecond a suggestion at 10,000 guides)."""

    def build():
        ordered = sorted((known_term, place) for place, known_term in enumerate(vocabulary(language)))
        return [known_term for known_term, _place in ordered], array("I", (place for _term, place in ordered))

    ordered, places = memoised("sorted_vocabulary", language, build)
    found = range(bisect_left(ordered, start), bisect_left(ordered, start + LAST_CHARACTER))
    return [ordered[i] for i in sorted(found, key=places.__getitem__)]


def lexicon(language):
    """The reader's terms in the source language's terms (lexicon.py)."""
    return memoised("lexicon", language, lambda: build_lexicon(language))


def untranslated(language):
    """Whether some source-language document has no translation in the
    language: only then does a query fall back to the source language, and
    only then is the lexicon needed."""

    def build():
        translated = SearchDocument.objects.filter(locale__language_code=language).values("translation_key")
        return (
            SearchDocument.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .exclude(translation_key__in=translated)
            .exists()
        )

    return memoised("untranslated", language, build)


def source_terms(reader_term, language):
    """The source-language terms the lexicon gives for a reader's term: from
    the language's own lexicon, or when it has none, from those of its pivot
    languages."""
    found = lexicon(language).get(reader_term)
    if found:
        return found
    return list(
        dict.fromkeys(
            source_term
            for pivot in PIVOTS.get(base_language(language), ())
            for source_term in lexicon(pivot).get(term(reader_term, pivot), [])
        )
    )


def in_synonyms(query_term, language):
    """A word of the editors' synonyms is a word readers use, not a typo,
    even when no guide has it: it finds what its synonyms find."""
    return query_term in memoised(
        "synonym_terms",
        language,
        lambda: {term_ for group, _expansions in synonym_groups(language) for phrase in group for term_ in phrase},
    )


def in_lexicon(query_term, language):
    """A word the lexicon knows is a real word of the language, not a typo,
    even when no guide in the language has it yet."""
    return (
        base_language(language) != settings.LANGUAGE_CODE
        and untranslated(language)
        and bool(source_terms(query_term, language))
    )


def from_latin_keyboard(query_words, language):
    """Russian or Ukrainian typed in Latin letters, in Cyrillic where that
    is a word of the guides or one typo from one. A Latin word the guides
    have (RFZO, DAFI) or that means nothing in Cyrillic stays as typed."""
    known = vocabulary(language)
    out = []
    for word in query_words:
        cyrillic = to_cyrillic(word, language)
        if cyrillic and term(word, language) not in known:
            as_term = term(cyrillic, language)
            if as_term in known or correct_spelling([as_term], language)[1]:
                word = cyrillic
        out.append(word)
    return out


def stop_words(language):
    """The language's stop words; stopwords.py already holds each one folded."""
    return STOP_WORDS.get(base_language(language), frozenset())


def stop_key(word, language):
    return fold(to_latin(word.lower()) if language == "sr" else word.lower())


def content_words(query_words, language):
    """The query without its question words, pronouns and the like ("how do
    I enrol my child" → "enrol child"), unless nothing else is left."""
    stop = stop_words(language)
    kept = [word for word in query_words if stop_key(word, base_language(language)) not in stop]
    return kept or query_words


def in_source_language(source_concepts, concepts, language):
    """For the source-language documents: per word of the query, its terms
    as the source language reads it, and the source terms the lexicon gives
    for each of the reader's terms."""
    return [
        list(dict.fromkeys(own + [found for reader_term in concept for found in source_terms(reader_term, language)]))
        for own, concept in zip(source_concepts, concepts, strict=True)
    ]


def synonym_groups(language):
    """Groups of equivalent phrases, each as a tuple of terms, with the
    phrases of the group a query's phrase may stand for: the editors'
    synonyms (each for all the others) and every glossary abbreviation with
    its full name (the name for the abbreviation only: guides write the
    abbreviation where they mean it, and the name's every word, "refugee" or
    "health", would count as the abbreviation in every guide that has it)."""
    from guides.models import GlossaryTerm

    def analysed(phrases):
        return [phrase for phrase in (tuple(terms(text, language)) for text in phrases) if phrase]

    def build():
        synonyms = Synonym.objects.filter(language__in=["", base_language(language)])
        groups = [(group, group) for group in (analysed(synonym.phrases()) for synonym in synonyms)]
        for abbreviation, full_name in GlossaryTerm.objects.filter(
            locale__language_code=language, live=True
        ).values_list("abbreviation", "full_name"):
            group = analysed([abbreviation, re.sub(r"\s*\([^)]*\)", "", full_name)])
            groups.append((group, group[:1]))
        return [(group, expansions) for group, expansions in groups if len(group) > 1]

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
    for group, expansions in synonym_groups(language):
        present = [phrase for phrase in group if contains(query_terms, phrase)]
        if present:
            alternatives = dict.fromkeys(term_ for phrase in expansions for term_ in phrase)
            for concept, query_term in zip(concepts, query_terms, strict=True):
                if any(query_term in phrase for phrase in present):
                    concept.update(alternatives)
    return [list(concept) for concept in concepts]


def completions(word, language):
    """The guides' terms an unfinished word may become, most common first."""
    known = vocabulary(language)
    found = starting_with(prefix(word, language), language)
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


# Arabic-script languages write few vowels: their words are short, and most
# words a letter away from a four-letter word are other words (دکتر and دفتر,
# doctor and office), so words that short are searched as typed.
ABJAD_LANGUAGES = {"ar", "fa", "ps", "ur"}


def shortest_corrected(language):
    return 5 if base_language(language) in ABJAD_LANGUAGES else 4


def allowed_typos(word):
    return 1 if len(word) <= 5 else 2


def correct_spelling(query_terms, language):
    """Replace terms no document has with the closest term that documents
    do have (one or two letters apart, the first letter as typed: as
    Lucene's spell checker, since readers rarely mistype a word's first
    letter, and a word with another first letter is usually another word,
    "довођење" is not "вођење"). Returns the terms and what changed."""
    known = vocabulary(language)
    if not known:
        return query_terms, {}
    corrected, changes = [], {}
    attempts = 0
    for query_term in query_terms:
        if (
            query_term in known
            or query_term.isdigit()
            or len(query_term) < shortest_corrected(language)
            or attempts >= MAX_CORRECTED_WORDS
            or in_synonyms(query_term, language)
            or in_lexicon(query_term, language)
        ):
            corrected.append(query_term)
            continue
        attempts += 1
        matches = process.extract(
            query_term,
            starting_with(query_term[:1], language),
            scorer=Levenshtein.distance,
            score_cutoff=allowed_typos(query_term),
            limit=5,
        )
        if matches:
            # The closest, then the most common.
            best = min(matches, key=lambda match: (match[1], -known[match[0]]))[0]
            corrected.append(best)
            changes[query_term] = best
        else:
            corrected.append(query_term)
    return corrected, changes


def corrected_words(query_words, changes, language):
    """The reader's query with each corrected word replaced by a word from
    the guides that has the corrected term: what the search page counts
    results for."""
    out = []
    for word in query_words:
        corrected = changes.get(term(word, language))
        out.append((surface_form(corrected, language) or corrected) if corrected else word)
    return " ".join(out)


def surface_form(wanted_term, language):
    """A real word of the guides whose term is `wanted_term`."""
    return surface_forms(language).get(wanted_term, "")


def surface_forms(language):
    """Term → the first word with that term in the titles and summaries of
    the language's first 200 guides, in tree order; kept per worker until a
    page changes (base.versions.PAGES), as stemming them took 10 ms."""
    from guides.models import GuidePage

    def build():
        forms = {}
        pages = GuidePage.objects.live().filter(locale__language_code=language, alias_of__isnull=True)
        for title, summary in pages.order_by("path").values_list("title", "summary")[:200]:
            for word in words(f"{title} {summary}"):
                forms.setdefault(term(word, language), word.lower())
        return forms

    return versions.kept(versions.PAGES, f"search:surface-forms:{language}", build, versions.PAGES_SECONDS)

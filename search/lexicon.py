"""A reader's words in the source language's words, learnt from what editors
already maintain, so a query finds the guides not yet translated into the
reader's language.

Every translation lines up with its source through its translation key: a
guide's title, summary and each step's heading and text, a topic's title
and introduction,
an office's name and notes, a glossary term's name and explanation say the
same thing in both languages. Over these pairs of short texts, a word of the reader's language
stands for the source-language terms it appears with most consistently
(Dice's coefficient). Nothing comes from outside the portal, and the table
is rebuilt when editors publish (query.memoised follows the content version).
"""

from collections import Counter, defaultdict
from itertools import product

from django.conf import settings

from .analysis import base_language, term, terms
from .stopwords import STOP_WORDS

# A pair of terms counts when they appear together in at least 40% of the
# texts either appears in; each reader's term keeps its best few.
MIN_DICE = 0.4
# ... and in at least this many texts together: one sentence seen once
# pairs every word with every other.
MIN_PAIRS = 2
ALTERNATIVES = 3
# Languages that take much of their vocabulary of offices, papers and
# schooling from another portal language with more guides translated
# (Pashto from Persian; Urdu from Persian and Arabic): a reader's word the
# language's own lexicon has not seen yet is looked up in theirs.
PIVOTS = {"ps": ("fa",), "ur": ("fa", "ar")}
# The newest translated guides are enough to learn a language's words from;
# more would only slow the first search after each publication.
MAX_ALIGNED_GUIDES = 100


def aligned_texts(language):
    """(text in `language`, the same text in the source language) for every
    real translation: not the stand-ins that repeat the source."""
    from guides.models import GlossaryTerm, GuidePage, Office, TopicPage

    source = settings.LANGUAGE_CODE
    pairs = []

    def translated(queryset):
        return queryset.filter(locale__language_code=language)

    def sources(queryset, objects):
        keys = [obj.translation_key for obj in objects]
        return {
            obj.translation_key: obj for obj in queryset.filter(locale__language_code=source, translation_key__in=keys)
        }

    for model, fields in ((GlossaryTerm, ("full_name", "explanation")), (Office, ("name", "notes"))):
        objects = list(translated(model.objects.all()))
        originals = sources(model.objects.all(), objects)
        for obj in objects:
            if original := originals.get(obj.translation_key):
                pairs.extend((getattr(obj, name), getattr(original, name)) for name in fields)

    topics = list(translated(TopicPage.objects.live().filter(alias_of__isnull=True)))
    for topic, original in _with_originals(topics, sources(TopicPage.objects.all(), topics)):
        pairs.append((topic.title, original.title))
        pairs.append((topic.intro, original.intro))

    guides = list(
        translated(GuidePage.objects.live().filter(alias_of__isnull=True)).order_by("-last_published_at")[
            :MAX_ALIGNED_GUIDES
        ]
    )
    for guide, original in _with_originals(guides, sources(GuidePage.objects.all(), guides)):
        pairs.append((guide.title, original.title))
        pairs.append((guide.summary, original.summary))
        for step, original_step in zip(guide.steps, original.steps, strict=False):
            pairs.append((step.value["heading"], original_step.value["heading"]))
            pairs.append((step.value["body"].source, original_step.value["body"].source))
    return pairs


def _with_originals(objects, originals):
    return [(obj, originals[obj.translation_key]) for obj in objects if obj.translation_key in originals]


def stop_terms(language):
    return {term(word, language) for word in STOP_WORDS.get(base_language(language), ())}


def build_lexicon(language):
    """{term in `language`: [source-language terms it stands for, best first]}.
    Words without content (with, the, کی) stand for nothing and are stood for
    by nothing."""
    source = settings.LANGUAGE_CODE
    reader_stop, source_stop = stop_terms(language), stop_terms(source)
    alone, together = Counter(), Counter()
    source_alone = Counter()
    for text, original in aligned_texts(language):
        reader_terms = set(terms(text, language)) - reader_stop
        source_terms = set(terms(original, source)) - source_stop
        alone.update(reader_terms)
        source_alone.update(source_terms)
        together.update(product(reader_terms, source_terms))
    candidates = defaultdict(list)
    for (reader_term, source_term), count in together.items():
        dice = 2 * count / (alone[reader_term] + source_alone[source_term])
        if dice >= MIN_DICE and count >= MIN_PAIRS and reader_term != source_term:
            candidates[reader_term].append((dice, count, source_term))
    return {
        reader_term: [source_term for _dice, _count, source_term in sorted(found, reverse=True)[:ALTERNATIVES]]
        for reader_term, found in candidates.items()
    }

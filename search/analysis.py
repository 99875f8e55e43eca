"""Text analysis for search, done once in Python at index time and at query
time, so the database backend and Elasticsearch/OpenSearch search the same
normalised terms and behave alike.

A term is a word reduced to its stem or dictionary form, in lower case,
without diacritics; Serbian is turned into Latin script first, so either
script, with or without diacritics, meets the same term (школа, škola and
skola all become "skol").
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

from languages.transliteration import to_latin

WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*", re.UNICODE)
# Marks that join, stretch or vowel Arabic-script letters without changing
# the word (zero-width non-joiner and joiner, tatweel, harakat): gone before
# words are split, so "می‌خواهم", "میخواهم" and "مي‌خواهم" are one word.
JOINERS = str.maketrans("", "", "\u200c\u200d\u0640" + "".join(map(chr, range(0x064B, 0x0660))) + "\u0670")
# Letters that do not decompose into a base letter and a mark, and the
# Arabic-script letters that readers' keyboards (Arabic, Persian, Pashto,
# Urdu) write differently for the same word.
FOLD = str.maketrans(
    {
        "đ": "dj",
        "ß": "ss",
        "ø": "o",
        "ł": "l",
        "ё": "е",
        "ї": "і",
        "ґ": "г",
        # yeh: Arabic, Persian, Pashto ې ۍ ئ, Urdu ے
        "ي": "ی",
        "ى": "ی",
        "ې": "ی",
        "ۍ": "ی",
        "ئ": "ی",
        "ے": "ی",
        "ۓ": "ی",
        # kaf and gaf: Arabic, Sindhi/Urdu swash kaf, Pashto gaf
        "ك": "ک",
        "ڪ": "ک",
        "ګ": "گ",
        # heh: teh marbuta, Urdu heh goal and do-chashmi heh
        "ة": "ه",
        "ۀ": "ه",
        "ہ": "ه",
        "ۂ": "ه",
        "ھ": "ه",
        "ە": "ه",
        # alef and waw with hamza or madda
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        # Arabic-Indic and Persian digits
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)
# Before stemming, the letters each Snowball stemmer expects: the Arabic one
# knows Arabic yeh and kaf, the Persian one Persian yeh and kaf.
BEFORE_STEMMING = {
    "ar": str.maketrans({"ی": "ي", "ک": "ك"}),
    "fa": str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"}),
}
SNOWBALL = {"en": "english", "ru": "russian", "sr": "serbian", "ar": "arabic", "fa": "persian"}
# A term this short is kept whole: stems of very short words collide.
MIN_STEM_LENGTH = 3


def base_language(language):
    return (language or "en").split("-")[0]


# A Snowball stemmer keeps the word it works on in itself: one per thread
# (gunicorn runs threads), or two searches at once garble each other.
_per_thread = threading.local()


def _stemmer(name):
    stemmers = _per_thread.__dict__.setdefault("stemmers", {})
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


def _ukrainian():
    if not hasattr(_per_thread, "morph"):
        import pymorphy3

        _per_thread.morph = pymorphy3.MorphAnalyzer(lang="uk")
    return _per_thread.morph


def fold(word):
    """Lower case without diacritics (š → s, й → и stays: only combining marks go)."""
    word = word.lower().translate(FOLD)
    decomposed = unicodedata.normalize("NFD", word)
    # Keep the breve of й and the diaeresis of ї/ё-less Cyrillic letters: in
    # Cyrillic they make different letters, not accents.
    kept = []
    for char in decomposed:
        if unicodedata.combining(char) and not (kept and "\u0400" <= kept[-1] <= "\u04ff" and char == "\u0306"):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=200_000)
def term(word, language):
    """One word's search term in the given language."""
    language = base_language(language)
    lower = word.lower()
    if language == "sr":
        lower = to_latin(lower)
    if language == "uk" and _is_cyrillic(lower):
        stem = _ukrainian().parse(lower.replace("'", "’"))[0].normal_form
    elif language in SNOWBALL and len(lower) > MIN_STEM_LENGTH:
        stem = _stemmer(SNOWBALL[language]).stemWord(lower.translate(BEFORE_STEMMING.get(language, {})))
    else:
        stem = lower
    return fold(stem)


def prefix(word, language):
    """The start of a term, for a word still being typed: folded like a term
    but not stemmed, since a stemmer cuts a half-typed word in the wrong
    place ("страхов" → "страх")."""
    lower = word.lower()
    if base_language(language) == "sr":
        lower = to_latin(lower)
    return fold(lower)


def _is_cyrillic(word):
    return any("\u0400" <= char <= "\u04ff" for char in word)


def words(text):
    return WORD.findall((text or "").translate(JOINERS))


def terms(text, language):
    """The search terms of a text, in order."""
    return [term(word, language) for word in words(text)]


def analyse(text, language):
    return " ".join(terms(text, language))

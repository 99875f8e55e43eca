"""Russian and Ukrainian typed on a Latin keyboard, back in Cyrillic.

Readers without a Cyrillic layout write words the way they would in a chat
("strahovka", "vid na zhitelstvo", "belyj karton", "medychne strahuvannja").
There is no one standard for it, so the tables take the common spellings of
each letter; a word that comes out one letter off is then corrected like
any typo (query.py). Serbian needs none of this: its Latin script is exact
(languages/transliteration.py).
"""

import re

# Longest spellings first, so "shch" is tried before "sh" and "s".
_COMMON = {
    "shch": "щ",
    "sch": "щ",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "yu": "ю",
    "ju": "ю",
    "iu": "ю",
    "ya": "я",
    "ja": "я",
    "ia": "я",
    "a": "а",
    "b": "б",
    "v": "в",
    "w": "в",
    "d": "д",
    "z": "з",
    "k": "к",
    "q": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "c": "ц",
    "x": "кс",
    "'": "ь",
}
TABLES = {
    "ru": {
        **_COMMON,
        "yo": "ё",
        "jo": "ё",
        "e": "е",
        "g": "г",
        "h": "х",
        "i": "и",
        "j": "й",
        "y": "ы",
    },
    "uk": {
        **_COMMON,
        "yi": "ї",
        "ji": "ї",
        "ye": "є",
        "je": "є",
        "ie": "є",
        "e": "е",
        "g": "г",
        "h": "г",
        "i": "і",
        "j": "й",
        "y": "и",
    },
}
# Russian adjective endings: "belyj", "belyi", "belyy" and "sinij", "sinii".
_RUSSIAN_ENDINGS = [(re.compile(r"y[jiy]$"), "ый"), (re.compile(r"i[jy]$"), "ий")]
_LATIN_WORD = re.compile(r"[a-z']+")


def _pattern(table):
    return re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))


_PATTERNS = {language: _pattern(table) for language, table in TABLES.items()}


def to_cyrillic(word, language):
    """The Cyrillic spelling of a word typed in Latin letters, in Russian or
    Ukrainian; None for other languages or a word that is not all Latin."""
    table = TABLES.get(language.split("-")[0])
    word = word.lower().replace("’", "'")
    if table is None or not _LATIN_WORD.fullmatch(word):
        return None
    ending = ""
    if language == "ru":
        for pattern, cyrillic in _RUSSIAN_ENDINGS:
            if pattern.search(word) and len(word) > 3:
                word, ending = word[:-2], cyrillic
                break
    return _PATTERNS[language].sub(lambda match: table[match.group()], word) + ending

"""Serbian Cyrillic to Latin script, letter by letter.

Serbian is written once, in Cyrillic; the Latin-script pages are made from it
with this table, which is exact in that direction (Вук's alphabet has one
Latin letter or digraph per Cyrillic letter). Everything that is not a Serbian
Cyrillic letter is left as it is.
"""

_LOWER = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "đ",
    "е": "e",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "ć",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "џ": "dž",
    "ш": "š",
}
_DIGRAPHS = {"љ", "њ", "џ"}
_TABLE = {**_LOWER, **{cyr.upper(): lat.capitalize() for cyr, lat in _LOWER.items()}}


def _is_upper_letter(char):
    return char.isalpha() and char.isupper()


def to_latin(text):
    """Transliterate Serbian Cyrillic to Latin. An upper-case Љ, Њ or Џ is
    written LJ, NJ, DŽ inside an all-capitals word (ЉУБАВ → LJUBAV) and Lj,
    Nj, Dž otherwise (Љубав → Ljubav)."""
    out = []
    for index, char in enumerate(text):
        latin = _TABLE.get(char)
        if latin is None:
            out.append(char)
            continue
        if char.lower() in _DIGRAPHS and char.isupper():
            neighbours = text[index - 1 : index] + text[index + 1 : index + 2]
            if any(_is_upper_letter(other) for other in neighbours):
                latin = latin.upper()
        out.append(latin)
    return "".join(out)

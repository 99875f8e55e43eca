"""The words a search query drops: question words, pronouns and the like go,
the words the guides are about stay. No database: the lists are plain data."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from languages.transliteration import to_latin
from search.analysis import base_language, fold, words
from search.stopwords import STOP_WORDS

DEMO = Path(__file__).resolve().parent.parent / "demo"


def lookup_form(word, language):
    """A word as the query looks it up: lower case, Serbian in Latin script."""
    word = word.lower()
    return to_latin(word) if language == "sr" else word


def content_words(query, language):
    return [word for word in words(query) if lookup_form(word, language) not in STOP_WORDS[language]]


def test_every_language_of_the_portal_has_stop_words():
    assert set(STOP_WORDS) == {base_language(code) for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


QUESTION_WORDS = {
    "en": "how what what's where when who why which can should do does is are there my your i we",
    "sr": "kako šta sta gde kada kad ko zašto zasto koji koja koliko li da može moze mogu je moj vaš vas "
    "како шта где када зашто који може",
    "ru": "как что где когда кто почему какой какие сколько можно ли я мой мне вы ваш в на для это есть",
    "uk": "як що де коли хто чому який які скільки можна чи я мій мені ви ваш в у на для це є",
    "ar": "كيف ماذا ما متى أين اين لماذا هل كم من أنا في إلى الى على و أو يمكن يجب شو وين ليش ازاي",
    "fa": "آیا ایا چطور چگونه کجا چه چی چرا کدام چند من ما شما از در به برای را که و یا است می‌توانم میتونم",
    "ps": "څنګه څنگه چېرته چیرته کله ولې ولی څه څوک کوم څومره زه زما موږ د په له ته کې او یا چې دی",
    "ur": "کیسے کیا کہاں کب کون کیوں کتنا میں میرا مجھے ہم آپ کا کی کے سے کو اور یا ہے ہیں سکتا",
}


@pytest.mark.parametrize("language", sorted(QUESTION_WORDS))
def test_question_words_pronouns_and_prepositions_are_stop_words(language):
    missing = [
        word for word in QUESTION_WORDS[language].split() if lookup_form(word, language) not in STOP_WORDS[language]
    ]
    assert missing == []


# Words the guides are about, and words a reader's question turns on
# (negation, "without", "need", time limits), none of which may be dropped.
CONTENT_WORDS = {
    "en": "white card free doctor first it may id ill need get work register not no without under after",
    "sr": "dom centar zdravlja škola skola kartica bela osiguranje bez ne treba posle do pre",
    "ru": "белый белая картон страховка школа врач нужно надо без не нет до после",
    "uk": "білий картка страхування школа лікар мати треба потрібно без не немає до після",
    "ar": "مركز بطاقة تأمين مدرسة طبيب بدون لا ليس غير بعد قبل أم",
    "fa": "کارت بیمه مدرسه پزشک کار خود کرد بدون بی نه تا پس",
    "ps": "روغتون کارت بیمه ښوونځی ډاکټر نه بې پرته",
    "ur": "کارڈ اسکول انشورنس ہسپتال ڈاکٹر نہیں نہ بغیر تک",
}


@pytest.mark.parametrize("language", sorted(CONTENT_WORDS))
def test_content_words_are_not_stop_words(language):
    dropped = [word for word in CONTENT_WORDS[language].split() if lookup_form(word, language) in STOP_WORDS[language]]
    assert dropped == []


@pytest.mark.parametrize(
    ("language", "query", "left"),
    [
        ("en", "What do I do if the ambulance does not come?", ["ambulance", "not", "come"]),
        (
            "en",
            "Where can I get health insurance without a white card",
            ["get", "health", "insurance", "without", "white", "card"],
        ),
        ("sr", "Kako da upišem dete u školu?", ["upišem", "dete", "školu"]),
        ("sr", "Где је дом здравља?", ["дом", "здравља"]),
        ("ru", "как записать ребенка в школу", ["записать", "ребенка", "школу"]),
        ("ru", "Что делать, если у меня нет белого картона?", ["нет", "белого", "картона"]),
        (
            "uk",
            "Як отримати медичне страхування без посвідки?",
            ["отримати", "медичне", "страхування", "без", "посвідки"],
        ),
        ("ar", "كيف أسجل ابني في المدرسة؟", ["أسجل", "ابني", "المدرسة"]),
        ("fa", "چگونه بیمه درمانی بگیرم", ["بیمه", "درمانی", "بگیرم"]),
        ("fa", "آیا بدون کارت می‌توانم به دکتر بروم؟", ["بدون", "کارت", "دکتر", "بروم"]),
        ("ps", "زه څنګه په روغتون کې ډاکټر ته ورشم؟", ["روغتون", "ډاکټر", "ورشم"]),
        ("ur", "میں اپنے بچے کو اسکول میں کیسے داخل کروں؟", ["بچے", "اسکول", "داخل"]),
    ],
)
def test_a_question_keeps_only_its_content_words(language, query, left):
    assert content_words(query, language) == left


@pytest.mark.parametrize(
    ("language", "spellings"),
    [
        # Persian typed on an Arabic keyboard (ي, ك), without ZWNJ or with a space.
        ("fa", "كجا چطوري آيا ايا ميتوانم می توانم ميتوانم كدام چي"),
        # Pashto typed on a Persian keyboard (ی for ې, گ for ګ).
        ("ps", "څنگه چیرته ولی کی چی"),
        # Urdu typed on a Persian or Arabic keyboard (ه for ہ, ی for ے, ك, ي).
        ("ur", "کهاں كيسے کیسی كون کی"),
        # Arabic without hamza and with ى/ي confused.
        ("ar", "اين الى علي إلي متي اذا او انا"),
    ],
)
def test_other_keyboards_spellings_are_stop_words_too(language, spellings):
    missing = [word for word in spellings.split() if word not in STOP_WORDS[language]]
    assert missing == []


@pytest.mark.parametrize("language", sorted(STOP_WORDS))
def test_a_stop_word_is_found_folded_as_well_as_typed(language):
    # Whether the query looks a word up as typed or as search/analysis.py
    # folds it ("šta" → "sta", "её" → "ее", "كيف" → "کیف"), it finds it.
    unfolded = [word for word in STOP_WORDS[language] if fold(word) not in STOP_WORDS[language]]
    assert unfolded == []


@pytest.mark.parametrize("language", sorted(STOP_WORDS))
def test_no_glossary_abbreviation_is_a_stop_word(language):
    entries = yaml.safe_load((DEMO / language / "glossary.yaml").read_text(encoding="utf-8"))
    abbreviations = [entry["abbreviation"] for entry in entries]
    assert abbreviations
    forms = {lookup_form(abbreviation, language) for abbreviation in abbreviations}
    forms |= {lookup_form(part, language) for abbreviation in abbreviations for part in words(abbreviation)}
    forms |= {fold(form) for form in forms}
    assert sorted(forms & STOP_WORDS[language]) == []

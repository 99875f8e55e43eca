"""Search in every reader's language and keyboard: Arabic-script spellings
from any common layout, Russian and Ukrainian typed in Latin letters,
questions in plain words, and the guides not yet in the reader's language
found through the lexicon (issue 15)."""

import pytest
from wagtail.models import Locale

from guides.models import Office
from search import engine
from search.analysis import analyse, term, terms
from search.backends import engine_search
from search.keyboard import to_cyrillic
from search.models import SearchDocument
from search.query import lexicon

from .helpers import soup

# Text analysis: no database needed.


@pytest.mark.parametrize(
    "language, typed, written",
    [
        # Persian: Arabic yeh and kaf, with and without the zero-width non-joiner
        ("fa", "مي‌خواهم بيمه درماني كودك", "میخواهم بیمه درمانی کودک"),
        # Pashto: its own yeh forms and gaf, typed on a Persian keyboard
        ("ps", "روغتیايي بیمه ګټه", "روغتیایی بیمه گټه"),
        # Urdu: heh goal, do-chashmi heh and yeh barree, typed with Arabic letters
        ("ur", "ہنگامی طبی امداد کے لیے", "هنگامي طبي امداد كے ليے"),
        # Arabic: hamza forms, vowel marks and Persian digits
        ("ar", "طَلَبُ اللُّجوء ۱۹۴", "طلب اللجوء 194"),
    ],
)
def test_arabic_script_words_match_from_any_keyboard(language, typed, written):
    assert analyse(typed, language) == analyse(written, language)


@pytest.mark.parametrize(
    "language, latin, cyrillic",
    [
        ("ru", "strahovka", "страховка"),
        ("ru", "belyj", "белый"),
        ("ru", "belyi", "белый"),
        ("ru", "zhitelstvo", "жителство"),  # one letter off: corrected like a typo
        ("uk", "medychne", "медичне"),
        ("uk", "strakhuvannia", "страхування"),
        ("uk", "strahuvannja", "страгування"),  # h is г in Ukrainian: corrected like a typo
        ("sr", "osiguranje", None),  # Serbian Latin is Serbian already
    ],
)
def test_latin_keyboard_spellings_turn_cyrillic(language, latin, cyrillic):
    assert to_cyrillic(latin, language) == cyrillic


# Searching the demo site, on every engine.


def keys(query, language, limit=10):
    return [result.key for result in engine.search(query, language, limit=limit).results]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, latin, cyrillic",
    [
        ("ru", "strahovka", "страховка"),
        ("ru", "belyj karton", "белый картон"),
        ("ru", "vid na zhitelstvo", "вид на жительство"),
        ("uk", "medychne strahuvannja", "медичне страхування"),
    ],
)
def test_russian_and_ukrainian_typed_in_latin_find_what_the_cyrillic_finds(search_engine, language, latin, cyrillic):
    assert keys(latin, language)[:3] == keys(cyrillic, language)[:3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, question, content",
    [
        ("en", "what do I do if the ambulance does not come", "ambulance not come"),
        ("ru", "как мне записать ребенка в школу?", "записать ребенка школу"),
        ("fa", "چگونه می‌توانم بیمه درمانی بگیرم؟", "بیمه درمانی بگیرم"),
        ("ur", "میں ہنگامی طبی امداد کے لیے کیا کروں", "ہنگامی طبی امداد کروں"),
    ],
)
def test_question_words_do_not_drown_the_content_words(search_engine, language, question, content):
    assert keys(question, language)[:3] == keys(content, language)[:3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, question, expected",
    [
        ("en", "what do I do if the ambulance does not come", "emergency-care"),
        ("ru", "как записать ребенка в школу", "enrolling-in-primary-school"),
    ],
)
def test_a_question_finds_its_guide_first(search_engine, language, question, expected):
    assert keys(question, language)[0] == expected


@pytest.mark.django_db
def test_a_result_in_the_readers_language_with_every_word_comes_before_others(search_engine):
    # Urdu has the emergency care guide; the query's words are in its title.
    languages = [result.language for result in engine.search("ہنگامی طبی امداد", "ur").results]
    assert languages[0] == "ur"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, query, expected",
    [
        ("ur", "یونیورسٹی اسکالرشپ", "university-and-scholarships"),  # university scholarship
        ("ps", "صربي ژبه", "learning-serbian"),  # the Serbian language
    ],
)
def test_a_guide_not_yet_translated_whose_title_says_what_was_asked_comes_first(
    search_engine, language, query, expected
):
    # The guide is in English only; guides in the reader's language have the
    # words in their text, not in their title.
    results = engine.search(query, language).results
    assert (results[0].key, results[0].language) == (expected, "en")


@pytest.mark.django_db
def test_a_page_of_results_in_the_readers_language_still_makes_way_for_a_guide_with_every_word(search_engine):
    # Four Pashto guides have "Serbian" or "language", only two of them both:
    # four results still look in English, and the guide on learning Serbian,
    # not yet in Pashto, has both words in its title.
    results = engine.search("صربي ژبه", "ps", limit=4).results
    assert (results[0].key, results[0].language) == ("learning-serbian", "en")


@pytest.mark.django_db
def test_a_cross_language_result_says_which_language_it_is_in(client, search_engine):
    page = soup(client.get("/ur/search/", {"q": "یونیورسٹی"}))
    badges = [badge for badge in page.select(".result .badge") if badge.get("lang") == "en"]
    assert badges, "the English result is labelled"
    assert not badges[0].get_text().isascii()  # in Urdu


@pytest.mark.django_db
def test_the_lexicon_learns_from_what_editors_translate():
    """A translator's new word stands, at once, for the source words of the
    texts it translates (in two of them: a word seen once, in one sentence,
    would pair with every word of it)."""
    english = Office.objects.get(slug="russian-house", locale__language_code="en")
    pashto = Office.objects.get(translation_key=english.translation_key, locale__language_code="ps")
    new_word = term("ازمېښتي", "ps")
    assert new_word not in lexicon("ps")
    pashto.name = f"{pashto.name} ازمېښتي"
    pashto.notes = f"ازمېښتي {pashto.notes}"
    pashto.save()
    assert lexicon("ps")[new_word]
    assert set(lexicon("ps")[new_word]) <= set(terms(english.name, "en")) & set(terms(english.notes, "en"))


@pytest.mark.django_db
@pytest.mark.parametrize("named", [100, 6, 5])  # the guides to keep, to leave out, or neither listed
def test_guides_not_yet_in_the_readers_language_are_looked_for_in_english_and_only_those(
    search_engine, monkeypatch, named
):
    # The demo has six of its eighteen guides in Pashto. However the English
    # search names the twelve others (by their keys, by the six to leave out,
    # or by a subquery), every engine finds those twelve and none of the six:
    # an English version of a guide the reader has would take the place of
    # one they do not.
    monkeypatch.setattr(engine, "MAX_NAMED_GUIDES", named)
    pashto, english = Locale.objects.get(language_code="ps"), Locale.objects.get(language_code="en")
    in_english = SearchDocument.objects.filter(locale=english)
    in_pashto = set(SearchDocument.objects.filter(locale=pashto).values_list("translation_key", flat=True))
    assert 0 < len(in_pashto) < in_english.count()
    # A word every English guide has (the longest: no engine's stop word).
    everywhere = set.intersection(*(set(document.body.split()) for document in in_english))
    found, incomplete = engine_search(
        engine.not_translated_into(in_english, pashto), max(sorted(everywhere), key=len), 50
    )
    assert not incomplete  # the engine under test answered
    assert {document.translation_key for document in found} == {
        document.translation_key for document in in_english if document.translation_key not in in_pashto
    }

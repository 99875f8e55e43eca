"""The interface catalogues as CI checks them (`compile_catalogues --check`):
a reader never gets an English fallback or a broken sentence because an
entry was left empty, fuzzy, or with other placeholders."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import to_locale

RUSSIAN = "ru/LC_MESSAGES/django.po"


@pytest.fixture
def catalogues(tmp_path, settings):
    for folder in settings.LOCALE_PATHS:
        shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    settings.LOCALE_PATHS = [tmp_path]
    return tmp_path


# English is the source; Serbian Latin is compiled from Serbian Cyrillic.
TRANSLATED = [code for code, _ in settings.LANGUAGES if code not in (settings.LANGUAGE_CODE, "sr-latn")]


def catalogue_path(code):
    return Path(settings.LOCALE_PATHS[0]) / to_locale(code) / "LC_MESSAGES" / "django.po"


def msgids(code):
    with open(catalogue_path(code), "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_project_catalogues_pass_the_check():
    call_command("compile_catalogues", check=True, verbosity=0)


def test_every_language_in_settings_has_a_catalogue_the_check_reads():
    """The check reads the catalogues it finds: a language of the portal
    without one (Pashto and Urdu were added in issue 15) would pass it and
    show its readers an English interface."""
    assert {"ps", "ur"} <= set(TRANSLATED)
    for code in TRANSLATED:
        assert catalogue_path(code).exists(), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_holds_every_interface_string(code):
    """An entry missing from one catalogue (not merely empty) escapes the
    check and shows in English: every catalogue has every string any other has."""
    every = set().union(*(msgids(other) for other in TRANSLATED))
    missing = sorted(every - msgids(code))
    assert not missing, (code, missing[:5])


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_is_the_one_readers_get(code):
    with translation.override(code):
        assert translation.gettext("Skip to content") != "Skip to content", code
        assert translation.get_language_bidi() is (code in ("ar", "fa", "ps", "ur")), code


@pytest.mark.parametrize(
    "entry, problem",
    [
        ('msgid "Opening hours of the office"\nmsgstr ""\n', "not translated"),
        ('#, fuzzy\nmsgid "Opening hours of the office"\nmsgstr "Часы работы"\n', "fuzzy"),
        ('#, python-format\nmsgid "%(count)s offices"\nmsgstr "%(number)s учреждений"\n', "placeholder"),
    ],
)
def test_an_entry_a_reader_would_see_wrong_fails_the_check(catalogues, entry, problem):
    with open(catalogues / RUSSIAN, "a", encoding="utf-8") as catalogue:
        catalogue.write("\n" + entry)
    with pytest.raises(CommandError, match=problem):
        call_command("compile_catalogues", check=True, verbosity=0)

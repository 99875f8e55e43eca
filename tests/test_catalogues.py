"""The interface catalogues as CI checks them (`compile_catalogues --check`):
a reader never gets an English fallback or a broken sentence because an
entry was left empty, fuzzy, or with other placeholders."""

import shutil

import pytest
from django.core.management import CommandError, call_command

RUSSIAN = "ru/LC_MESSAGES/django.po"


@pytest.fixture
def catalogues(tmp_path, settings):
    for folder in settings.LOCALE_PATHS:
        shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    settings.LOCALE_PATHS = [tmp_path]
    return tmp_path


def test_the_project_catalogues_pass_the_check():
    call_command("compile_catalogues", check=True, verbosity=0)


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

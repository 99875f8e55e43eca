"""Compile the gettext catalogues under locale/ with Babel, so a fresh
machine needs no gettext tools. Serbian Latin has no catalogue of its own:
it is transliterated from the Serbian Cyrillic one, so the two never drift."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from languages.transliteration import to_latin

# locale folder of the Latin catalogue: the Cyrillic folder it is made from
TRANSLITERATED = {"sr_Latn": "sr"}


def transliterate_catalogue(catalogue):
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.string, (list, tuple)):
            message.string = tuple(to_latin(form) for form in message.string)
        else:
            message.string = to_latin(message.string)
    catalogue.locale = None
    return catalogue


def problems(po_path, catalogue):
    """What a reader would see as English or as a broken sentence: an entry
    left empty or marked fuzzy (compiled without it), or one whose
    placeholders differ from the original's (Babel's own checks)."""
    found = []
    for message in catalogue:
        if not message.id:
            continue
        where = f"{po_path}:{message.lineno}"
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy:
            found.append(f"{where}: fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"{where}: not translated: {message.id!r}")
    for message, errors in catalogue.check():
        found += [f"{po_path}:{message.lineno}: {error}" for error in errors]
    return found


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo (and Serbian Latin from Serbian Cyrillic)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail, listing them, on untranslated or fuzzy entries and on placeholders that differ from the original.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.problems = []
        for folder in map(Path, settings.LOCALE_PATHS):
            for po_path in sorted(folder.glob("*/LC_MESSAGES/django.po")):
                self.compile(po_path, po_path.with_suffix(".mo"))
            for latin, cyrillic in TRANSLITERATED.items():
                source = folder / cyrillic / "LC_MESSAGES" / "django.po"
                if source.exists():
                    self.compile(source, folder / latin / "LC_MESSAGES" / "django.mo", transliterate=True)
        if options["check"]:
            if self.problems:
                raise CommandError("\n".join(["Catalogues with problems:", *self.problems]))
            self.stdout.write("Catalogues: every entry translated, none fuzzy, placeholders match.")

    def compile(self, po_path, mo_path, transliterate=False):
        with open(po_path, "rb") as handle:
            catalogue = read_po(handle)
        if not transliterate:
            self.problems += problems(po_path, catalogue)
        else:
            catalogue = transliterate_catalogue(catalogue)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with open(mo_path, "wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)
        if self.verbosity > 1:
            self.stdout.write(f"compiled {mo_path}")

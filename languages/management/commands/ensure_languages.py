from django.core.management.base import BaseCommand

from languages.setup import ensure_languages


class Command(BaseCommand):
    help = "Create the locales in settings.LANGUAGES, synchronise their page trees and their translators' groups."

    def handle(self, *args, **options):
        locales = ensure_languages()
        self.stdout.write(f"Languages: {', '.join(locales)}.")

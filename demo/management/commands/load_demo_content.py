from django.core.management.base import BaseCommand

from demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create the demo site from demo/ (idempotent: creates only what is missing, never overwrites edits)."

    def handle(self, *args, **options):
        created = DemoLoader(stdout=self.stdout if options["verbosity"] > 1 else None).load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: created {len(created)} objects."))
        else:
            self.stdout.write("Demo content: everything is already there; nothing changed.")

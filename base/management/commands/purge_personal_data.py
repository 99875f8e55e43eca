"""Delete personal data older than its retention period; the release step
runs this on every deploy.

Each app that keeps personal data says what it keeps and for how long: a
`purge_personal_data(now)` method on its AppConfig deletes what is past its
period (settings *_RETENTION_DAYS) and returns {what: how many}."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete the personal data each app keeps (sign-in records, feedback, search statistics) past its retention period."

    def handle(self, *args, **options):
        now = timezone.now()
        deleted = {}
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "purge_personal_data"):
                deleted.update(app_config.purge_personal_data(now))
        self.stdout.write("Deleted " + ", ".join(f"{count} {what}" for what, count in deleted.items()) + ".")

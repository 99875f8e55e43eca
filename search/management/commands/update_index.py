"""`update_index` as Wagtail has it, after remaking every guide's search
document, so one command rebuilds all that search reads."""

from django.conf import settings
from django.test.utils import override_settings
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.documents import rebuild_documents

# Seconds a bulk request may take: SEARCH_TIMEOUT is for readers' queries.
INDEXING_TIMEOUT = 120


class Command(WagtailUpdateIndex):
    def handle(self, *args, **options):
        count = rebuild_documents()
        self.stdout.write(f"Search documents: {count} guides.")
        backends = {
            name: {**conf, "TIMEOUT": max(conf.get("TIMEOUT", 0), INDEXING_TIMEOUT)} if "TIMEOUT" in conf else conf
            for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            return super().handle(*args, **options)

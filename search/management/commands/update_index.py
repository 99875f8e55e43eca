"""`update_index` as Wagtail has it, after remaking every guide's search
document, so one command rebuilds all that search reads."""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.documents import rebuild_documents


class Command(WagtailUpdateIndex):
    def handle(self, *args, **options):
        count = rebuild_documents()
        self.stdout.write(f"Search documents: {count} guides.")
        return super().handle(*args, **options)

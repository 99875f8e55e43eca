"""`manage.py restore FILE [--noinput] [--force]`: load an archive made by
`manage.py backup` into a new, empty database.

1. Reads the whole archive first (a damaged or foreign file, or one whose
   signature does not match, is refused before the database is touched:
   backup/archive.py) and checks the database holds no content.
2. `migrate`, then empties the database and loads the backup in one
   transaction (backup/load.py).
3. Rebuilds what the backup leaves out: search documents and the search
   index (`update_index`), the reference index (`rebuild_references_index`).
"""

import tempfile

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backup.archive import Archive
from backup.load import existing_content, load, other_schema


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a new, empty database: content, translations, "
        "snippets, users, feedback and media files; then rebuild the search and reference indexes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even into a database that holds content: ALL of it is deleted and replaced by the backup's.",
        )

    def handle(self, *args, **options):
        using = DEFAULT_DB_ALIAS
        connection = connections[using]
        with tempfile.TemporaryDirectory(prefix="putokaz-restore-") as folder:
            archive = Archive(options["file"], folder)
            manifest = archive.manifest
            self.stdout.write(
                f"Backup of {manifest.get('created')} (Django {manifest.get('django')}, Wagtail {manifest.get('wagtail')}): "
                f"{sum(manifest['counts'].values())} objects, {len(archive.media)} media files."
            )

            found = existing_content(connection)
            if found and not options["force"]:
                held = ", ".join(f"{count} {label}" for label, count in found.items())
                raise CommandError(
                    f"The database {connection.settings_dict['NAME']} is not empty ({held}); restore only into a new "
                    "database, or pass --force to delete everything in it and replace it with the backup."
                )
            if options["interactive"] and not self.confirmed(connection, found):
                raise CommandError("Restore cancelled.")

            call_command("migrate", database=using, interactive=False, verbosity=0)
            different = other_schema(manifest, connection)
            if different:
                self.stderr.write(
                    "Warning: the backup was made with other migrations than this code has: "
                    + ", ".join(different)
                    + ". Loading may fail or leave fields at their defaults."
                )
            counts = load(archive, connection, using, warn=self.stderr.write)

        self.stdout.write("Restored:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"  media files: {len(archive.media)}")

        # Every row was replaced without a model signal: nothing cached or
        # kept from the content before (pages, menus, routes, offices,
        # search results; base.versions) may be shown or built on.
        cache.clear()
        self.stdout.write("Rebuilding the search documents and index, and the reference index...")
        try:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        except Exception as error:
            raise CommandError(
                f"The backup is restored, but rebuilding an index failed ({error}). Run `manage.py update_index` "
                "and `manage.py rebuild_references_index` once the cause is fixed."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {archive.path} into {connection.settings_dict['NAME']}."))

    def confirmed(self, connection, found):
        warning = "ALL its content will be DELETED and replaced" if found else "it will hold the backup's content"
        answer = input(
            f"Restore into the database {connection.settings_dict['NAME']}: {warning}. Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"

"""`manage.py backup [--output FILE]`: the whole portal in one signed
.tar.gz (format: backup/archive.py; what it holds: backup/serialise.py) that
`manage.py restore FILE` loads into a new, empty database."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backup.serialise import back_up


class Command(BaseCommand):
    help = (
        "Write the whole portal (all content, translations, snippets, users, feedback and media files) "
        "to one .tar.gz that `manage.py restore` loads into a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write (default: backups/putokaz-<UTC date and time>.tar.gz in the project).",
        )

    def handle(self, *args, **options):
        created = datetime.now(UTC)
        output = Path(options["output"] or settings.BASE_DIR / "backups" / f"putokaz-{created:%Y%m%dT%H%M%SZ}.tar.gz")
        media_root = getattr(default_storage, "location", None)
        if media_root and output.resolve().is_relative_to(Path(media_root).resolve()):
            raise CommandError(f"Write the backup outside MEDIA_ROOT ({media_root}): it would hold itself.")
        counts, files, size = back_up(output, created, DEFAULT_DB_ALIAS, warn=self.stderr.write)
        self.stdout.write(
            f"{sum(counts.values())} objects of {len(counts)} models and {files} media files ({size} bytes)."
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))

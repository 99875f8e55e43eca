"""`manage.py restore FILE [--noinput] [--force]`: load an archive made by
`manage.py backup` into a new, empty database.

1. Reads the whole archive first (a damaged or foreign file, or one whose
   signature does not match, see backup.py, is refused before the database
   is touched) and checks the database holds no content.
2. `migrate`, which makes the tables, the content types and permissions
   that the backup refers to by natural key, and a few rows of its own
   (Wagtail's root and welcome pages, default site, locale, root collection,
   moderators' workflow and groups).
3. In one transaction: empties every table but content types and
   permissions (the rows `migrate` made would collide with the backup's,
   which carry the same ids or the same unique values), `loaddata`, checks
   every foreign key and that each model has as many rows as the backup
   says, and writes the media files through the default storage. Anything
   failing rolls the database back.
4. Rebuilds what the backup leaves out: search documents and the search
   index (`update_index`), the reference index (`rebuild_references_index`).
"""

import contextlib
import hmac
import json
import posixpath
import shutil
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_save

from .backup import FORMAT_NAME, FORMAT_VERSION, SIGNATURE_NAME, Signature

KEPT_TABLES = {ContentType._meta.db_table, Permission._meta.db_table}


def load_time_receivers():
    """post_save receivers that act on every saved row without looking at
    `raw`, which `loaddata` sets: they are disconnected while it runs.

    - wagtail_localize's `sync_trees_on_locale_sync_save` synchronises the
      language trees on every LocaleSynchronization saved, at once, creating
      alias pages for the pages of the source language. During a load it
      breaks it: the first row saved makes it read a locale not loaded yet
      ("Locale matching query does not exist"), and loaded later it would
      make pages the backup already holds.
    - wagtail_localize's `post_save_string_translation` copies a translated
      title into its page's draft_title, one UPDATE per string translation;
      the backup holds the draft titles as they were.
    - portal.invalidation's `snippet_changed` (offices, glossary terms)
      purges every page that shows the snippet, for a glossary term every
      guide in every language: on a restore, thousands of queries and, with
      a CDN configured, one purge of all guides per term saved.
    """
    from wagtail_localize.models import (
        LocaleSynchronization,
        StringTranslation,
        post_save_string_translation,
        sync_trees_on_locale_sync_save,
    )

    from guides.models import GlossaryTerm, Office
    from portal.invalidation import snippet_changed

    return [
        (sync_trees_on_locale_sync_save, LocaleSynchronization),
        (post_save_string_translation, StringTranslation),
        (snippet_changed, Office),
        (snippet_changed, GlossaryTerm),
    ]


@contextlib.contextmanager
def receivers_disconnected(receivers):
    disconnected = [
        (receiver, sender) for receiver, sender in receivers if post_save.disconnect(receiver, sender=sender)
    ]
    try:
        yield
    finally:
        for receiver, sender in disconnected:
            post_save.connect(receiver, sender=sender)


class Discard:
    def write(self, chunk):
        pass


class Archive:
    """A backup archive, read and checked in full before anything is
    restored; data.json is copied out to `folder`."""

    def __init__(self, path, folder):
        self.path = Path(path)
        if not self.path.is_file():
            raise CommandError(f"{path}: no such file.")
        self.manifest = None
        self.data_path = None
        self.media = []  # names in the storage
        self.signature = Signature()
        signed = None
        try:
            with tarfile.open(self.path, "r:gz") as archive:
                for member in archive:  # reads to the end: checks the gzip checksum
                    if signed is not None:
                        raise CommandError(f"{path} holds {member.name!r} after its signature: it was changed.")
                    if member.name == SIGNATURE_NAME and member.isfile():
                        signed = archive.extractfile(member).read(200).decode("ascii", "replace").strip()
                        continue
                    self.signature.member(member.name, member.size)
                    self.read_member(archive, member, Path(folder))
        except (tarfile.TarError, EOFError, OSError) as error:
            raise CommandError(f"{path} is not a readable backup archive (.tar.gz): {error}") from error
        if signed is None:
            raise CommandError(
                f"{path} is not signed; nothing was restored. Only archives made by `manage.py backup` are restored."
            )
        if not hmac.compare_digest(signed, self.signature.hexdigest()):
            raise CommandError(
                f"{path} does not match its signature; nothing was restored. It was changed after the backup, or it "
                "was signed with another key: set BACKUP_SIGNING_KEY (or SECRET_KEY) to the one the backup was made with."
            )
        if self.manifest is None:
            raise CommandError(f"{path} is not a Putokaz backup: it has no manifest.json.")
        if self.data_path is None:
            raise CommandError(f"{path} is incomplete: it has no data.json.")

    def read_member(self, archive, member, folder):
        name = member.name
        if name == "manifest.json":
            self.manifest = self.read_manifest(self.signature.reading(archive.extractfile(member)).read())
        elif name == "data.json":
            self.data_path = folder / "data.json"
            with archive.extractfile(member) as source, open(self.data_path, "wb") as target:
                shutil.copyfileobj(self.signature.reading(source), target, 1024 * 1024)
        elif name.startswith("media/") and member.isfile():
            storage_name = name.removeprefix("media/")
            normalised = posixpath.normpath(storage_name)
            if storage_name.startswith("/") or normalised != storage_name or normalised.startswith(".."):
                raise CommandError(f"{self.path} holds a media file with an unsafe name: {name!r}.")
            self.media.append(storage_name)
            with archive.extractfile(member) as source:  # into the signature
                shutil.copyfileobj(self.signature.reading(source), Discard(), 1024 * 1024)
        elif not member.isdir():
            raise CommandError(f"{self.path} holds something a backup does not: {name!r}.")

    def read_manifest(self, body):
        try:
            manifest = json.loads(body)
        except ValueError as error:
            raise CommandError(f"{self.path}: manifest.json is not valid JSON ({error}).") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise CommandError(f"{self.path} is not a Putokaz backup (manifest.json names no '{FORMAT_NAME}' format).")
        if manifest.get("version") != FORMAT_VERSION:
            raise CommandError(
                f"{self.path} is a backup of format version {manifest.get('version')}; "
                f"this code reads version {FORMAT_VERSION}."
            )
        counts = manifest.get("counts")
        if not isinstance(counts, dict) or not all(isinstance(count, int) for count in counts.values()):
            raise CommandError(f"{self.path}: manifest.json has no object counts per model.")
        return manifest

    def media_members(self):
        """(storage name, file) for each media file, in a second pass."""
        with tarfile.open(self.path, "r:gz") as archive:
            for member in archive:
                if member.isfile() and member.name.startswith("media/"):
                    yield member.name.removeprefix("media/"), archive.extractfile(member)


def existing_content(connection):
    """What content the database holds, before `migrate`: pages other than
    Wagtail's root and welcome page (a plain page at depth 2 with nothing
    under it), users, images and documents."""
    tables = set(connection.introspection.table_names())
    found = {}
    with connection.cursor() as cursor:
        if {"wagtailcore_page", "django_content_type"} <= tables:
            cursor.execute(
                "SELECT COUNT(*) FROM wagtailcore_page p JOIN django_content_type ct ON ct.id = p.content_type_id "
                "WHERE p.depth > 1 AND NOT (p.depth = 2 AND p.numchild = 0 "
                "AND ct.app_label = 'wagtailcore' AND ct.model = 'page')"
            )
            found["pages"] = cursor.fetchone()[0]
        for label, table in [
            ("users", "auth_user"),
            ("images", "wagtailimages_image"),
            ("documents", "wagtaildocs_document"),
        ]:
            if table in tables:
                # A table name from the database's own list, quoted.
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                found[label] = cursor.fetchone()[0]
    return {label: count for label, count in found.items() if count}


def emptied_tables(connection):
    """Every table of an installed model (many-to-many tables too) that
    exists, but content types and permissions."""
    existing = set(connection.introspection.table_names())
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table in existing and table not in KEPT_TABLES:
            tables.add(table)
    return sorted(tables)


def without_unknown_permissions(data_path):
    """A backup made on another database may grant permissions this one
    does not have: Wagtail defines its SQLite full-text index model only on
    SQLite, so a site moved from SQLite to PostgreSQL has groups allowed to
    "add sqlite fts index entry" on a model PostgreSQL has no table for.
    Such grants mean nothing here and `loaddata` cannot resolve them: they
    are left out. Returns the data's path (a new file if anything was left
    out), the permissions left out and the rows left out per model."""
    with open(data_path, encoding="utf-8") as source:
        try:
            objects = json.load(source)
        except ValueError as error:
            raise CommandError(f"data.json in the backup is not valid JSON ({error}); nothing was restored.") from error
    if not isinstance(objects, list):
        raise CommandError("data.json in the backup is not a list of objects; nothing was restored.")
    here = {
        tuple(key)
        for key in Permission.objects.values_list("codename", "content_type__app_label", "content_type__model")
    }
    missing, dropped, kept = set(), Counter(), []
    for obj in objects:
        try:
            model = apps.get_model(obj["model"])
        except (LookupError, KeyError, TypeError):
            kept.append(obj)  # loaddata says what is wrong with it
            continue
        fields = obj.get("fields", {})
        drop = False
        for field in model._meta.get_fields():
            if (
                not (field.concrete and field.is_relation and field.related_model is Permission)
                or field.name not in fields
            ):
                continue
            value = fields[field.name]
            if field.many_to_many:
                unknown = [key for key in value if isinstance(key, list) and tuple(key) not in here]
                fields[field.name] = [key for key in value if key not in unknown]
            else:
                unknown = [value] if isinstance(value, list) and tuple(value) not in here else []
                drop = drop or bool(unknown)
            missing.update(tuple(key) for key in unknown)
        if drop:
            dropped[obj["model"]] += 1
        else:
            kept.append(obj)
    if not missing:
        return data_path, [], dropped
    filtered = data_path.with_name("data-filtered.json")
    with open(filtered, "w", encoding="utf-8") as target:
        json.dump(kept, target, ensure_ascii=False)
    return filtered, sorted(missing), dropped


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
            self.warn_on_other_schema(manifest, connection)

            with receivers_disconnected(load_time_receivers()):
                counts = self.load(archive, connection, using)

        self.stdout.write("Restored:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"  media files: {len(archive.media)}")

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

    def warn_on_other_schema(self, manifest, connection):
        loader = MigrationLoader(connection)
        here = dict(loader.graph.leaf_nodes())
        different = sorted(
            f"{app} ({name} in the backup, {here.get(app, 'none')} here)"
            for app, name in manifest.get("schema", {}).items()
            if here.get(app) != name
        )
        if different:
            self.stderr.write(
                "Warning: the backup was made with other migrations than this code has: "
                + ", ".join(different)
                + ". Loading may fail or leave fields at their defaults."
            )

    def load(self, archive, connection, using):
        """Everything that writes, in one transaction; the counts per model."""
        expected = archive.manifest["counts"]
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    for table in emptied_tables(connection):
                        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name the database listed, quoted)
                data_path, unknown, dropped = without_unknown_permissions(archive.data_path)
                if unknown:
                    self.stderr.write(
                        f"Warning: left out grants of {len(unknown)} permissions this database does not have: "
                        + ", ".join(f"{app}.{codename}" for codename, app, model in unknown)
                    )
                    expected = {label: count - dropped[label] for label, count in expected.items()}
                call_command("loaddata", str(data_path), database=using, verbosity=0)
                # On SQLite, loaddata cannot turn foreign key checks off inside
                # a transaction and leaves them to the commit, which would
                # fail without saying which row; check here and say.
                connection.check_constraints()
                counts = {}
                for label in expected:
                    try:
                        model = apps.get_model(label)
                    except LookupError as error:
                        raise CommandError(f"The backup holds {label}, a model this code does not have.") from error
                    counts[label] = model._base_manager.using(using).count()
                wrong = [
                    f"{label}: {counts[label]} of {expected[label]}"
                    for label in expected
                    if counts[label] != expected[label]
                ]
                if wrong:
                    raise CommandError(
                        "Restored rows differ from the backup's: " + "; ".join(wrong) + ". Nothing was restored."
                    )
                self.restore_media(archive)
        except CommandError:
            raise
        except Exception as error:  # loaddata wraps bad data and unknown models in DeserializationError
            message = str(error).replace(str(archive.data_path.parent), "backup")
            raise CommandError(f"Loading the backup failed, nothing was restored: {message}") from error
        return counts

    def restore_media(self, archive):
        """Each file under the name it had: a file of that name already
        there is replaced (saving next to it would give it another name)."""
        for name, source in archive.media_members():
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(source, name=posixpath.basename(name)))
            if saved != name:
                raise CommandError(f"The media file {name} could not be restored under its name (saved as {saved}).")

"""`manage.py backup [--output FILE]`: the whole portal in one .tar.gz.

The archive holds
  manifest.json  format version, date, Django and Wagtail versions, the
                 schema (latest migration of each app), objects per model
                 and the number and size of media files;
  data.json      every table as a Django fixture (`dumpdata --all`), but for
                 what is derived or belongs to one machine (EXCLUDED);
  media/...      every file in the default storage (MEDIA_ROOT, or the
                 bucket when media are on object storage).

`manage.py restore FILE` loads it into a new, empty database.

The archive holds every user's e-mail address and password hash: it is a
secret. It is written readable by its owner only (0600), and its last member,
`signature`, is an HMAC-SHA256 of every member before it (name, size and
bytes) keyed with BACKUP_SIGNING_KEY, or SECRET_KEY when that is unset;
`restore` refuses an archive whose signature does not match, so a changed
archive cannot plant users, pages or files. A separate BACKUP_SIGNING_KEY
keeps backups restorable after SECRET_KEY is rotated, and lets a new server
restore them before it has the old site's SECRET_KEY.

Content types and permissions are made by `migrate` and their ids differ
from one database to another, so they are left out and referred to by
natural key ("guides", "guidepage"). Every other row keeps its id: ids are
written inside content (page and image choosers in StreamField JSON, links
in rich text, revisions, translation sources), so they must not change.
That is why the dump does not use `--natural-foreign --natural-primary`:
pages, sites, collections, users and groups have natural keys too, and
with them `dumpdata` fails on this site (Wagtail keeps the log entries of
deleted pages, such as its welcome page, and a deleted page has no natural
key to write: "Page matching query does not exist"); and if it did not,
pages would get new ids on load and every reference to them inside content
would break. Serializer below: Django's JSON with natural keys for content
types and permissions only; the file is an ordinary fixture for `loaddata`.
"""

import hashlib
import hmac
import io
import json
import os
import posixpath
import tarfile
import tempfile
from datetime import UTC, datetime, time
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import json as json_serializer
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT_NAME = "putokaz-backup"
FORMAT_VERSION = 1
SERIALIZATION_FORMAT = "putokaz-json"

# Left out of data.json: made again by `migrate` (content types and
# permissions), rebuilt by `restore` (the search index tables and search
# documents by `update_index`, the reference index by
# `rebuild_references_index`), or belonging to one machine and one moment
# (sessions, sign-in attempts, who has an editor open, queued tasks).
# Labels of apps or models that are not installed are skipped.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin",
    "axes",
    "django_tasks_database",
    "wagtailsearch",
    "modelsearch",
    "search.searchdocument",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
]

SIGNATURE_NAME = "signature"


def signing_key():
    """The key backups are signed with, used for nothing else."""
    secret = settings.BACKUP_SIGNING_KEY or settings.SECRET_KEY
    if not secret:
        raise CommandError("Set BACKUP_SIGNING_KEY (or SECRET_KEY): backups are signed with it.")
    return hashlib.sha256(b"putokaz.backup.signature:" + secret.encode()).digest()


class Signature:
    """HMAC-SHA256 of the archive's members in order: each one's name and
    size, then its bytes as they are read (`reading`)."""

    def __init__(self):
        self.mac = hmac.new(signing_key(), digestmod=hashlib.sha256)

    def member(self, name, size):
        self.mac.update(f"{name}\0{size}\0".encode())

    def reading(self, source):
        return SignedReader(source, self.mac)

    def hexdigest(self):
        return self.mac.hexdigest()


class SignedReader:
    """A file whose bytes go into the signature as they are read."""

    def __init__(self, source, mac):
        self.source, self.mac = source, mac

    def read(self, size=-1):
        chunk = self.source.read(size)
        self.mac.update(chunk)
        return chunk


# Referred to by natural key; see the module's docstring.
NATURAL_KEY_MODELS = (ContentType, Permission)


class PreciseJSONEncoder(json_serializer.DjangoJSONEncoder):
    """Django's encoder writes times to the millisecond; a restored site
    would then see revisions, publications and translation syncs made in
    the same millisecond as simultaneous. Microseconds are kept."""

    def default(self, o):
        if isinstance(o, (datetime, time)):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    """Django's JSON serializer, with natural keys for content types and
    permissions and plain ids for everything else, and times to the
    microsecond. Its output is read by Django's own JSON deserializer
    (`loaddata`)."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL_KEY_MODELS)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL_KEY_MODELS)
        super().handle_m2m_field(obj, field)


Deserializer = json_serializer.Deserializer


def excluded_labels():
    """EXCLUDED, less what is not installed here."""
    labels = []
    for label in EXCLUDED:
        app_label, _, model_name = label.partition(".")
        if app_label not in apps.app_configs:
            continue
        if model_name:
            try:
                apps.get_model(app_label, model_name)
            except LookupError:
                continue
        labels.append(label)
    return labels


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """The models whose rows go into data.json, as `dumpdata` picks them."""
    excluded = set(excluded_labels())
    models = []
    for app_config in apps.get_app_configs():
        if app_config.label in excluded:
            continue
        for model in app_config.get_models():
            if model._meta.proxy or model._meta.label_lower in excluded:
                continue
            if router.allow_migrate_model(using, model):
                models.append(model)
    return models


def schema(connection):
    """The latest applied migration of each app: which code the data fits."""
    loader = MigrationLoader(connection)
    leaves = [node for node in loader.graph.leaf_nodes() if node in loader.applied_migrations]
    return dict(sorted(leaves))


def media_files(storage):
    """Every file name in the storage, walking its folders."""

    def walk(folder):
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # MEDIA_ROOT not made yet: no media
            return
        for name in sorted(files):
            yield posixpath.join(folder, name) if folder else name
        for name in sorted(folders):
            yield from walk(posixpath.join(folder, name) if folder else name)

    yield from walk("")


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
        output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        using = DEFAULT_DB_ALIAS
        serializers.register_serializer(SERIALIZATION_FORMAT, __name__)

        # Everything is written to a temporary folder beside the archive and
        # the archive is moved into place at the end: a failed backup leaves
        # no half-written file under the expected name.
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
            data_path = Path(work) / "data.json"
            counts = self.dump(data_path, using)
            manifest = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "created": created.isoformat(timespec="seconds"),
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
                "database": connections[using].vendor,
                "schema": schema(connections[using]),
                "counts": counts,
            }
            files, size = self.write_archive(Path(work) / "archive.tar.gz", manifest, data_path)
            os.replace(Path(work) / "archive.tar.gz", output)

        self.stdout.write(
            f"{sum(counts.values())} objects of {len(counts)} models and {files} media files ({size} bytes)."
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))

    def dump(self, path, using):
        """data.json and the number of objects per model, from one consistent
        view of the database even while editors keep working."""
        connection = connections[using]
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                # One snapshot for every query of the transaction. (SQLite
                # gives a reading transaction one snapshot anyway.)
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts = {
                model._meta.label_lower: model._base_manager.using(using).count() for model in backed_up_models(using)
            }
            try:
                call_command(
                    "dumpdata",
                    format=SERIALIZATION_FORMAT,
                    use_base_manager=True,  # --all: rows a custom manager would hide too
                    exclude=excluded_labels(),
                    database=using,
                    output=str(path),
                    verbosity=0,
                )
            except CommandError as error:
                raise CommandError(f"Could not write the database to the backup: {error}") from error
        return counts

    def write_archive(self, path, manifest, data_path):
        """manifest.json first (`tar -xzOf FILE manifest.json` shows what a
        backup holds), then data.json, then the media files, each streamed
        from the storage into the archive."""
        names = list(media_files(default_storage))
        sizes = {name: default_storage.size(name) for name in names}
        manifest["media"] = {"files": len(names), "bytes": sum(sizes.values())}
        manifest_time = int(datetime.fromisoformat(manifest["created"]).timestamp())
        signature = Signature()

        def add(archive, info, source):
            signature.member(info.name, info.size)
            archive.addfile(info, signature.reading(source))

        # Readable by its owner only from the first byte on (not chmod after).
        with (
            os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz") as archive,
        ):
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            info.mtime = manifest_time
            add(archive, info, io.BytesIO(body))
            with open(data_path, "rb") as data:
                add(archive, archive.gettarinfo(data_path, arcname="data.json"), data)
            for name in names:
                info = tarfile.TarInfo(f"media/{name}")
                info.size = sizes[name]
                try:
                    info.mtime = int(default_storage.get_modified_time(name).timestamp())
                except (NotImplementedError, OSError):  # a storage that does not keep it
                    info.mtime = manifest_time
                try:
                    source = default_storage.open(name, "rb")
                except FileNotFoundError:  # deleted since it was listed
                    self.stderr.write(f"Skipped the media file {name}: deleted during the backup.")
                    continue
                with source:
                    add(archive, info, source)
            digest = signature.hexdigest().encode()
            info = tarfile.TarInfo(SIGNATURE_NAME)
            info.size = len(digest)
            info.mtime = manifest_time
            archive.addfile(info, io.BytesIO(digest))
        return len(names), sum(sizes.values())

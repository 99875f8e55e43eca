"""What a backup holds: every table as a Django fixture (`dumpdata --all`),
but for what is derived or belongs to one machine (EXCLUDED), and the
manifest that describes it.

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

import os
import tempfile
from datetime import datetime, time
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers import json as json_serializer
from django.db import connections, router, transaction
from django.db.migrations.loader import MigrationLoader

from . import archive
from .archive import FORMAT_NAME, FORMAT_VERSION

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


# A serialisation module needs both (serializers.register_serializer).
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


def backed_up_models(using):
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


def dump(path, using):
    """data.json and the number of objects per model, from one consistent
    view of the database even while editors keep working."""
    connection = connections[using]
    serializers.register_serializer(SERIALIZATION_FORMAT, __name__)
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


def manifest(created, using, counts):
    """manifest.json, less the media counts the archive adds."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "created": created.isoformat(timespec="seconds"),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": connections[using].vendor,
        "schema": schema(connections[using]),
        "counts": counts,
    }


def back_up(output, created, using, warn):
    """Writes the archive to `output`; the objects per model, and the number
    and bytes of media files.

    Everything is written to a temporary folder beside the archive and the
    archive is moved into place at the end: a failed backup leaves no
    half-written file under the expected name."""
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
        data_path = Path(work) / "data.json"
        counts = dump(data_path, using)
        files, size = archive.write(Path(work) / "archive.tar.gz", manifest(created, using, counts), data_path, warn)
        os.replace(Path(work) / "archive.tar.gz", output)
    return counts, files, size

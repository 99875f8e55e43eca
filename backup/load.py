"""Loading a backup into a database that `migrate` has just made.

`migrate` makes the tables, the content types and permissions that the
backup refers to by natural key, and a few rows of its own (Wagtail's root
and welcome pages, default site, locale, root collection, moderators'
workflow and groups). Then, in one transaction: every table but content
types and permissions is emptied (the rows `migrate` made would collide with
the backup's, which carry the same ids or the same unique values),
`loaddata` runs, every foreign key is checked and each model must have as
many rows as the backup says, and the media files are written through the
default storage. Anything failing rolls the database back.

Rows are read with Django's fixture deserialiser, as `loaddata` reads them,
but written a table's rows at a time, as they are (`raw`): `loaddata` saves
row by row, an UPDATE and then an INSERT for each, and took 20 of the 40
seconds a restore of the demo site took. No model signal is sent for the
rows (`loaddata` sends them with `raw=True`, on which every receiver of
the project and of Wagtail returns early: purges, Latin copies and search
documents would act on a half-loaded database; the restore rebuilds the
indexes after), so wagtail-localize's receivers that act on every saved
row cannot run either.
"""

import json
import posixpath
from collections import Counter

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import transaction
from django.db.migrations.loader import MigrationLoader

KEPT_TABLES = {ContentType._meta.db_table, Permission._meta.db_table}


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


def other_schema(manifest, connection):
    """The apps whose latest migration differs from the backup's, said."""
    here = dict(MigrationLoader(connection).graph.leaf_nodes())
    return sorted(
        f"{app} ({name} in the backup, {here.get(app, 'none')} here)"
        for app, name in manifest.get("schema", {}).items()
        if here.get(app) != name
    )


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


def load(archive, connection, using, warn):
    """Everything that writes, in one transaction; the counts per model."""
    expected = archive.manifest["counts"]
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                for table in emptied_tables(connection):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name the database listed, quoted)
            data_path, unknown, dropped = without_unknown_permissions(archive.data_path)
            if unknown:
                warn(
                    f"Warning: left out grants of {len(unknown)} permissions this database does not have: "
                    + ", ".join(f"{app}.{codename}" for codename, app, model in unknown)
                )
                expected = {label: count - dropped[label] for label, count in expected.items()}
            insert_rows(data_path, connection, using)
            # Foreign keys are checked at the commit (SQLite and PostgreSQL
            # defer Django's constraints), which would fail without saying
            # which row; check here and say.
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
            restore_media(archive)
    except CommandError:
        raise
    except Exception as error:  # bad data and unknown models come as DeserializationError
        message = str(error).replace(str(archive.data_path.parent), "backup")
        raise CommandError(f"Loading the backup failed, nothing was restored: {message}") from error
    return counts


def insert_rows(data_path, connection, using):
    """Every row of the fixture at `data_path`, inserted as it is, in
    batches of one table's consecutive rows; then the many-to-many links,
    the fields that referred forward by natural key, and (PostgreSQL) the
    id sequences, as `loaddata` does."""
    batch, models, later = [], set(), []

    def insert():
        if batch:
            model = type(batch[0])
            fields = [field for field in model._meta.local_concrete_fields if not field.generated]
            size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
            # What Model.save does for one row, for many: bulk_create
            # refuses the child tables of pages (multi-table inheritance).
            for start in range(0, len(batch), size):
                model._base_manager.using(using)._insert(
                    batch[start : start + size], fields=fields, using=using, raw=True
                )
            batch.clear()

    with open(data_path, encoding="utf-8") as fixture:
        for row in serializers.deserialize("json", fixture, using=using, handle_forward_references=True):
            if batch and type(row.object) is not type(batch[0]):
                insert()
            batch.append(row.object)
            models.add(type(row.object))
            if row.m2m_data or row.deferred_fields:
                later.append(row)
        insert()
    for row in later:
        for name, values in (row.m2m_data or {}).items():
            getattr(row.object, name).set(values)
        if row.deferred_fields:
            row.save_deferred_fields(using=using)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def restore_media(archive):
    """Each file under the name it had: a file of that name already there is
    replaced (saving next to it would give it another name)."""
    for name, source in archive.media_members():
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(source, name=posixpath.basename(name)))
        if saved != name:
            raise CommandError(f"The media file {name} could not be restored under its name (saved as {saved}).")

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

`loaddata` saves every row with `raw=True`. The project's own receivers
return early on such saves (purges, Latin copies and search documents would
act on a half-loaded database; the restore rebuilds the indexes after);
third-party ones that do not look at `raw` are switched off while it runs.
"""

import contextlib
import json
import posixpath
from collections import Counter

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_save

KEPT_TABLES = {ContentType._meta.db_table, Permission._meta.db_table}


def load_time_receivers():
    """Third-party post_save receivers that act on every saved row without
    looking at `raw`, which `loaddata` sets: they are disconnected while it
    runs. (Wagtail's search and reference index receivers look at `raw`.)

    - wagtail_localize's `sync_trees_on_locale_sync_save` synchronises the
      language trees on every LocaleSynchronization saved, at once, creating
      alias pages for the pages of the source language. During a load it
      breaks it: the first row saved makes it read a locale not loaded yet
      ("Locale matching query does not exist"), and loaded later it would
      make pages the backup already holds.
    - wagtail_localize's `post_save_string_translation` copies a translated
      title into its page's draft_title, one UPDATE per string translation;
      the backup holds the draft titles as they were.
    """
    from wagtail_localize.models import (
        LocaleSynchronization,
        StringTranslation,
        post_save_string_translation,
        sync_trees_on_locale_sync_save,
    )

    return [
        (sync_trees_on_locale_sync_save, LocaleSynchronization),
        (post_save_string_translation, StringTranslation),
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
        with receivers_disconnected(load_time_receivers()), transaction.atomic(using=using):
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
            call_command("loaddata", str(data_path), database=using, verbosity=0)
            # On SQLite, loaddata cannot turn foreign key checks off inside
            # a transaction and leaves them to the commit, which would fail
            # without saying which row; check here and say.
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
    except Exception as error:  # loaddata wraps bad data and unknown models in DeserializationError
        message = str(error).replace(str(archive.data_path.parent), "backup")
        raise CommandError(f"Loading the backup failed, nothing was restored: {message}") from error
    return counts


def restore_media(archive):
    """Each file under the name it had: a file of that name already there is
    replaced (saving next to it would give it another name)."""
    for name, source in archive.media_members():
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(source, name=posixpath.basename(name)))
        if saved != name:
            raise CommandError(f"The media file {name} could not be restored under its name (saved as {saved}).")

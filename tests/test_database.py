"""The embedded SQLite database, as DATABASE_URL configures it: readers are
not locked out while something is written (a search's statistics, a page
view, an editor's publish)."""

import sqlite3

import pytest
from django.db.utils import ConnectionHandler

from portal.settings.base import database


@pytest.fixture
def portal_connection(tmp_path, django_db_blocker):
    """A connection configured as the portal's, on a database of its own
    holding one published note; it gives up on a lock after 0.2 s, not 5."""
    configured = database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    configured["OPTIONS"]["timeout"] = 0.2
    connection = ConnectionHandler({"default": configured})["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE notes (text TEXT)")
            cursor.execute("INSERT INTO notes VALUES ('published')")
        yield connection, tmp_path / "db.sqlite3"
        connection.close()


def test_a_reader_reads_while_another_process_is_committing_a_write(portal_connection):
    connection, path = portal_connection
    writer = sqlite3.connect(path, isolation_level=None)
    # The moment of a commit: with SQLite's default journal every reader
    # waits for it, then gives up with "database is locked".
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("INSERT INTO notes VALUES ('draft')")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM notes")
            assert cursor.fetchall() == [("published",)]
    finally:
        writer.execute("COMMIT")
        writer.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM notes")
        assert cursor.fetchone() == (2,)

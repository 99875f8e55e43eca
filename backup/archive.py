"""The backup file: one .tar.gz, signed, written and read here.

Its members, in order:
  manifest.json  format version, date, Django and Wagtail versions, the
                 schema (latest migration of each app), objects per model
                 and the number and size of media files;
  data.json      every table as a Django fixture (see serialise.py);
  media/...      every file in the default storage (MEDIA_ROOT, or the
                 bucket when media are on object storage);
  signature      an HMAC-SHA256 of every member before it (name, size and
                 bytes) keyed with BACKUP_SIGNING_KEY, or SECRET_KEY when
                 that is unset.

The archive holds every user's e-mail address and password hash: it is a
secret. It is written readable by its owner only (0600), and restore refuses
an archive whose signature does not match, so a changed archive cannot plant
users, pages or files. A separate BACKUP_SIGNING_KEY keeps backups
restorable after SECRET_KEY is rotated, and lets a new server restore them
before it has the old site's SECRET_KEY.
"""

import hashlib
import hmac
import io
import json
import os
import posixpath
import shutil
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import CommandError

FORMAT_NAME = "putokaz-backup"
FORMAT_VERSION = 1
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


class Discard:
    def write(self, chunk):
        pass


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


def write(path, manifest, data_path, warn):
    """manifest.json first (`tar -xzOf FILE manifest.json` shows what a
    backup holds), then data.json, then the media files, each streamed from
    the storage into the archive, then the signature. Adds the media counts
    to `manifest`; returns the number of media files and their bytes."""
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
                warn(f"Skipped the media file {name}: deleted during the backup.")
                continue
            with source:
                add(archive, info, source)
        digest = signature.hexdigest().encode()
        info = tarfile.TarInfo(SIGNATURE_NAME)
        info.size = len(digest)
        info.mtime = manifest_time
        archive.addfile(info, io.BytesIO(digest))
    return len(names), sum(sizes.values())


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

"""Backups that restore: the database and the media in one archive, checked by SHA-256.

An archive (``.tar.gz``) holds ``manifest.json``, the database and ``media/``:

- SQLite: ``database.sqlite3``, made with SQLite's online backup API, which copies a consistent
  snapshot while the site runs (the WAL included, unlike a copy of the file);
- PostgreSQL: ``database.dump``, ``pg_dump --format=custom`` run on a snapshot exported by a
  repeatable-read transaction, in which the rows are counted too, so the counts of the manifest
  are those of the dump even while people write.

The manifest lists the SHA-256 of every file, the row count of every table and the migrations
applied. A restore checks the whole archive before it changes anything (readable, nothing
unexpected, every hash, same database engine, no migration this code does not know), then
replaces the database, puts the media files back and compares the restored row counts with the
manifest. Every error is a ``BackupError`` with a French message.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"
DATABASE_FILES = {"sqlite": SQLITE_NAME, "postgresql": POSTGRES_NAME}


class BackupError(Exception):
    """The archive is unreadable, incomplete, altered or not for this site, or a tool failed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_hashes(media_root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under the media folder."""
    hashes = {}
    for relative in sorted(media_files(media_root)):
        hashes[relative] = sha256_of(media_root / relative)
    return hashes


def media_files(media_root: Path) -> set[str]:
    if not media_root.is_dir():
        return set()
    return {
        path.relative_to(media_root).as_posix()
        for path in media_root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


# --- Counting rows and migrations, through a DB-API cursor of either engine ------------------

TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


def _counts(cursor, vendor: str) -> dict[str, int]:
    cursor.execute(TABLES_SQL[vendor])
    tables = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def row_counts(connection) -> dict[str, int]:
    """Table -> number of rows, through a Django connection."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.vendor)


# --- PostgreSQL tools --------------------------------------------------------------------------


def postgres_env(settings_dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    timeout = (settings_dict.get("OPTIONS") or {}).get("connect_timeout")
    if timeout:
        env["PGCONNECT_TIMEOUT"] = str(timeout)
    return env


def _psycopg_connect(settings_dict):
    import psycopg

    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    params = {name: settings_dict[key] for key, name in keys.items() if settings_dict.get(key)}
    return psycopg.connect(dbname=settings_dict["NAME"], **params)


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian: apt-get install postgresql-client).")
            % {"tool": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": command[0], "error": result.stderr.strip()[:2000]}
        )


# --- Backup ------------------------------------------------------------------------------------


def dump_database(connection, destination: Path) -> dict:
    """Write the database to ``destination``; returns its part of the manifest (vendor, file,
    row counts and migrations of that very snapshot)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)  # SQLite's online backup API
            cursor = target.cursor()
            counts, migrations = _counts(cursor, vendor), _migrations(cursor)
        finally:
            target.close()
    elif vendor == "postgresql":
        env = postgres_env(connection.settings_dict)
        with _psycopg_connect(connection.settings_dict) as snapshot:
            snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
            cursor = snapshot.cursor()
            counts, migrations = _counts(cursor, vendor), _migrations(cursor)
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            _run(command + [f"--snapshot={snapshot_id}", "--file", str(destination)], env)
    else:
        raise BackupError(
            _("No backup method for the %(vendor)s database.") % {"vendor": connection.vendor}
        )
    return {
        "vendor": vendor,
        "file": DATABASE_FILES[vendor],
        "row_counts": counts,
        "migrations": migrations,
    }


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(connection, media_root: Path, output: Path) -> dict:
    """Write the archive; returns its manifest."""
    media_root, output = Path(media_root), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="maillage-backup-") as work:
        dump = Path(work) / "database"
        database = dump_database(connection, dump)
        hashes = media_hashes(media_root)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "database": {
                "vendor": database["vendor"],
                "file": database["file"],
                "sha256": sha256_of(dump),
            },
            "migrations": database["migrations"],
            "row_counts": database["row_counts"],
            "media": hashes,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=database["file"])
            for relative in hashes:
                archive.add(media_root / relative, arcname=f"media/{relative}")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


# --- Restore -----------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (KeyError, AttributeError) as exc:
        raise BackupError(_("This archive has no manifest: it was not made by `backup`.")) from exc
    except ValueError as exc:
        raise BackupError(_("The manifest of this archive is unreadable.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This archive is in a format this version does not know."))
    try:
        if manifest["database"]["file"] not in DATABASE_FILES.values():
            raise BackupError(_("The manifest of this archive is unreadable."))
        for key in ("media", "row_counts"):
            if not isinstance(manifest[key], dict):
                raise BackupError(_("The manifest of this archive is unreadable."))
        if not isinstance(manifest["migrations"], list):
            raise BackupError(_("The manifest of this archive is unreadable."))
    except (KeyError, TypeError) as exc:
        raise BackupError(_("The manifest of this archive is unreadable.")) from exc
    return manifest


def _checked_members(archive: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    allowed = {MANIFEST, manifest["database"]["file"]}
    allowed |= {f"media/{relative}" for relative in manifest["media"]}
    members = archive.getmembers()
    for member in members:
        if member.name not in allowed or not member.isfile():
            raise BackupError(
                _("Unexpected entry in the archive: %(name)s. Nothing was changed.")
                % {"name": member.name}
            )
    return members


def unpack_and_check(archive_path: Path, work: Path) -> dict:
    """Extract into ``work`` and check every SHA-256; returns the manifest."""
    if not archive_path.is_file():
        raise BackupError(_("No such archive: %(path)s.") % {"path": archive_path})
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            members = _checked_members(archive, manifest)
            archive.extractall(work, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:  # gzip or tar damaged
        raise BackupError(
            _("The archive is damaged or truncated (%(error)s). Nothing was changed.")
            % {"error": exc}
        ) from exc
    database = work / manifest["database"]["file"]
    if not database.is_file() or sha256_of(database) != manifest["database"]["sha256"]:
        raise BackupError(
            _("The database in the archive is missing or altered (SHA-256). Nothing was changed.")
        )
    for relative, expected in manifest["media"].items():
        path = work / "media" / relative
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(
                _(
                    "The media file %(name)s is missing or altered in the archive (SHA-256). "
                    "Nothing was changed."
                )
                % {"name": relative}
            )
    return manifest


def check_compatible(manifest: dict, vendor: str, known_migrations: set[str]) -> None:
    """Refuse an archive of another engine, or one made by a newer version of the code."""
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _(
                "This archive holds a %(archive)s database but the site uses %(site)s. "
                "Nothing was changed."
            )
            % {"archive": manifest["database"]["vendor"], "site": vendor}
        )
    unknown = sorted(set(manifest["migrations"]) - known_migrations)
    if unknown:
        raise BackupError(
            _(
                "This archive was made by a newer version of the site (migrations unknown here: "
                "%(names)s). Install that version first. Nothing was changed."
            )
            % {"names": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )


def _restore_sqlite(source_path: Path, connection) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(source_path)
    try:
        source.backup(connection.connection)  # page by page, into the live database
    finally:
        source.close()


def _restore_postgres(dump: Path, settings_dict: dict) -> None:
    """Empty the schema, then restore the dump in one transaction."""
    with _psycopg_connect(settings_dict) as db:
        schema = db.execute("SELECT current_schema()").fetchone()[0]
        quoted = '"' + schema.replace('"', '""') + '"'
        db.execute(f"DROP SCHEMA {quoted} CASCADE")
        db.execute(f"CREATE SCHEMA {quoted}")
    env = postgres_env(settings_dict)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--single-transaction", "--dbname", settings_dict["NAME"], str(dump)]
    _run(command, env)


def restore_backup(archive_path: Path, connection, media_root: Path, known_migrations) -> dict:
    """Check the archive, then replace the database behind ``connection`` (a Django connection,
    closed first) and put the media files back.

    Returns {"manifest", "row_counts" (restored), "mismatches", "extra_media"}.
    """
    media_root = Path(media_root)
    with tempfile.TemporaryDirectory(prefix="maillage-restore-") as work_dir:
        work = Path(work_dir)
        manifest = unpack_and_check(Path(archive_path), work)
        check_compatible(manifest, connection.vendor, set(known_migrations))
        database = work / manifest["database"]["file"]
        if connection.vendor == "sqlite":
            _restore_sqlite(database, connection)
        else:
            connection.close()
            _restore_postgres(database, connection.settings_dict)
        restored = row_counts(connection)
        for relative in manifest["media"]:
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / "media" / relative, destination)
    extra = sorted(media_files(media_root) - set(manifest["media"]))
    mismatches = {
        table: (count, restored.get(table))
        for table, count in manifest["row_counts"].items()
        if restored.get(table) != count
    }
    return {
        "manifest": manifest,
        "row_counts": restored,
        "mismatches": mismatches,
        "extra_media": extra,
    }

"""Backups that restore: the database and the media in one archive, checked by SHA-256.

An archive (``.tar.gz``) holds ``manifest.json``, the database (``database.sqlite3`` made with
SQLite's online backup API, which copies a consistent snapshot while the site runs, WAL included;
or ``database.dump``, PostgreSQL's ``pg_dump --format=custom``) and ``media/``. The manifest lists
the SHA-256 of every file and the row count of every table; a restore checks every hash before it
changes anything, then compares the restored row counts with the manifest.
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

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"


class BackupError(Exception):
    """The archive is unreadable, incomplete or altered, or a database tool failed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_hashes(media_root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under the media folder."""
    hashes = {}
    if not media_root.is_dir():
        return hashes
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            hashes[path.relative_to(media_root).as_posix()] = sha256_of(path)
    return hashes


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def row_counts(connection) -> dict[str, int]:
    """Table -> number of rows, for every table of the database behind a Django connection."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


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
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def dump_database(connection, destination: Path) -> str:
    """Write the database to ``destination``; returns the name it takes in the archive."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)  # SQLite's online backup API
        finally:
            target.close()
        return SQLITE_NAME
    if connection.vendor == "postgresql":
        env = postgres_env(connection.settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(destination)], env)
        return POSTGRES_NAME
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(connection, media_root: Path, output: Path) -> dict:
    """Write the archive; returns its manifest."""
    media_root = Path(media_root)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="maillage-backup-") as work:
        dump = Path(work) / "database"
        name = dump_database(connection, dump)
        hashes = media_hashes(media_root)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "database": {"vendor": connection.vendor, "file": name, "sha256": sha256_of(dump)},
            "row_counts": row_counts(connection),
            "media": hashes,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=name)
            for relative in hashes:
                archive.add(media_root / relative, arcname=f"media/{relative}")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def _safe_members(archive: tarfile.TarFile, manifest: dict):
    allowed = {"manifest.json", manifest["database"]["file"]}
    allowed |= {f"media/{relative}" for relative in manifest["media"]}
    for member in archive.getmembers():
        if member.name not in allowed or not member.isfile():
            raise BackupError(f"Unexpected entry in the archive: {member.name!r}")
        yield member


def unpack_and_check(archive_path: Path, work: Path) -> dict:
    """Extract into ``work`` and check every SHA-256; returns the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest_file = archive.extractfile("manifest.json")
            manifest = json.loads(manifest_file.read())
            if manifest.get("format") != FORMAT:
                raise BackupError("Unknown archive format.")
            archive.extractall(work, members=list(_safe_members(archive, manifest)), filter="data")
    except (tarfile.TarError, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"Unreadable archive: {exc}") from exc
    database = work / manifest["database"]["file"]
    if not database.is_file() or sha256_of(database) != manifest["database"]["sha256"]:
        raise BackupError("The database file of the archive is missing or altered.")
    for relative, expected in manifest["media"].items():
        path = work / "media" / relative
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"Media file missing or altered in the archive: {relative}")
    return manifest


def restore_backup(archive_path: Path, settings_dict: dict, vendor: str, media_root: Path) -> dict:
    """Check the archive, then replace the database and put the media files back.

    Returns {"manifest", "row_counts" (restored), "mismatches"}.
    """
    media_root = Path(media_root)
    with tempfile.TemporaryDirectory(prefix="maillage-restore-") as work_dir:
        work = Path(work_dir)
        manifest = unpack_and_check(Path(archive_path), work)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This archive holds a {manifest['database']['vendor']} database, "
                f"the site uses {vendor}."
            )
        database = work / manifest["database"]["file"]
        if vendor == "sqlite":
            target_path = Path(settings_dict["NAME"])
            target_path.parent.mkdir(parents=True, exist_ok=True)
            source, target = sqlite3.connect(database), sqlite3.connect(target_path)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            restored = sqlite_row_counts(target_path)
        else:
            env = postgres_env(settings_dict)
            _run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
                + ["--dbname", env.get("PGDATABASE", ""), str(database)],
                env,
            )
            restored = postgres_row_counts(env)
        for relative in manifest["media"]:
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / "media" / relative, destination)
    mismatches = {
        table: (count, restored.get(table))
        for table, count in manifest["row_counts"].items()
        if restored.get(table) != count
    }
    return {"manifest": manifest, "row_counts": restored, "mismatches": mismatches}


def postgres_row_counts(env: dict[str, str]) -> dict[str, int]:
    import psycopg

    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    params = {name: env[var] for var, name in keys.items() if env.get(var)}
    with psycopg.connect(dbname=env["PGDATABASE"], **params) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        return {
            t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in sorted(tables)
        }

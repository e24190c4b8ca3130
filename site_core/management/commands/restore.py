from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from site_core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup`: checks every SHA-256 first, replaces the database, "
        "puts the media back, then compares the row counts with the manifest. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the site's (e.g. a fresh one for a drill).",
        )
        parser.add_argument(
            "--media-root", help="Media folder to restore into (default: MEDIA_ROOT)."
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        if options["database_url"]:
            settings_dict = dj_database_url.parse(options["database_url"])
        else:
            settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
        engine = settings_dict["ENGINE"]
        vendor = "sqlite" if engine.endswith("sqlite3") else "postgresql"
        if not options["yes"]:
            answer = input("The database and media will be replaced. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        connections.close_all()
        try:
            result = restore_backup(
                Path(options["archive"]),
                settings_dict,
                vendor,
                Path(options["media_root"] or settings.MEDIA_ROOT),
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if result["mismatches"]:
            raise CommandError(f"Row counts differ after restore: {result['mismatches']}")
        rows = sum(result["row_counts"].values())
        self.stdout.write(
            f"Restored {len(result['row_counts'])} tables, {rows} rows, "
            f"{len(result['manifest']['media'])} media files (all SHA-256 checked)."
        )

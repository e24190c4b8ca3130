from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from site_core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup`: checks the whole archive first (SHA-256, engine, "
        "migrations), replaces the database, puts the media back, compares the row counts with "
        "the manifest and empties the caches. Stop the site (and the worker) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--media-root", help="Media folder to restore into (default: MEDIA_ROOT)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if not options["yes"]:
            answer = input(
                _("The database and the media files will be replaced. Type “yes” to go on: ")
            )
            if answer.strip().lower() not in {"yes", _("yes")}:
                raise CommandError(_("Restore cancelled: nothing was changed."))
        known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
        try:
            result = restore_backup(
                Path(options["archive"]),
                connection,
                Path(options["media_root"] or settings.MEDIA_ROOT),
                known,
            )
        except (BackupError, OSError) as exc:
            raise CommandError(_("Restore refused: %(error)s") % {"error": exc}) from exc
        if result["mismatches"]:
            raise CommandError(
                _("Row counts differ from the manifest after the restore: %(tables)s")
                % {"tables": result["mismatches"]}
            )
        # Pages, URLs and content types cached from the database that was replaced.
        for cache in caches.all(initialized_only=False):
            cache.clear()
        ContentType.objects.clear_cache()
        self.stdout.write(
            _(
                "Restored: %(tables)d tables, %(rows)d rows, %(files)d media files, every SHA-256 "
                "checked."
            )
            % {
                "tables": len(result["row_counts"]),
                "rows": sum(result["row_counts"].values()),
                "files": len(result["manifest"]["media"]),
            }
        )
        if result["extra_media"]:
            self.stdout.write(
                _("%(count)d media files that are not in the archive were left in place.")
                % {"count": len(result["extra_media"])}
            )
        pending = known - set(result["manifest"]["migrations"])
        if pending:
            self.stdout.write(
                _("The archive is older than the code: run `manage.py migrate` (%(count)d).")
                % {"count": len(pending)}
            )

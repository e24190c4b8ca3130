from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from site_core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the media in one archive "
        "with a SHA-256 manifest. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: BACKUP_DIR/maillage-<date>.tar.gz).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        output = Path(
            options["output"]
            or Path(settings.BACKUP_DIR)
            / f"maillage-{timezone.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"
        )
        try:
            manifest = create_backup(
                connections[options["database"]], Path(settings.MEDIA_ROOT), output
            )
        except (BackupError, OSError) as exc:
            raise CommandError(_("Backup failed: %(error)s") % {"error": exc}) from exc
        self.stdout.write(
            _("%(path)s: %(tables)d tables, %(rows)d rows, %(files)d media files.")
            % {
                "path": output,
                "tables": len(manifest["row_counts"]),
                "rows": sum(manifest["row_counts"].values()),
                "files": len(manifest["media"]),
            }
        )

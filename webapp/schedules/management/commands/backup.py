from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from webapp.schedules.backups import DEFAULT_KEEP, BackupError, default_directory, make_backup


class Command(BaseCommand):
    help = (
        "Faz um backup do banco PostgreSQL com pg_dump (formato custom) no diretório indicado e mantém só os "
        "mais recentes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", default=None,
            help="diretório dos backups (padrão: BACKUP_DIR ou var/backups)",
        )  # fmt: skip
        parser.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=f"quantos backups manter (padrão {DEFAULT_KEEP})")

    def handle(self, *args, directory, keep, **options):
        target_dir = Path(directory) if directory else default_directory()
        try:
            path, removed = make_backup(target_dir, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size_kb = path.stat().st_size / 1024
        self.stdout.write(f"Backup gravado em {path} ({size_kb:.0f} KB).")
        for old in removed:
            self.stdout.write(f"Backup antigo removido (mantendo {keep}): {old.name}")

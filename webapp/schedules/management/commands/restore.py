from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from webapp.schedules.backups import BackupError, check_backup_file, restore_backup


class Command(BaseCommand):
    help = "Restaura um backup feito por `manage.py backup` (pg_restore), substituindo todo o conteúdo do banco."

    def add_arguments(self, parser):
        parser.add_argument("file", help="arquivo .dump do backup")
        parser.add_argument("--yes", action="store_true", help="confirma que o banco atual será substituído")

    def handle(self, *args, file, yes, **options):
        from django.db import connection

        path = Path(file)
        try:
            check_backup_file(path)
            if not yes:
                raise CommandError(
                    f"A restauração apaga todos os dados atuais do banco {connection.settings_dict['NAME']} e "
                    f"os substitui pelos de {path}. Nada foi alterado; repita com --yes para confirmar."
                )
            name = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Banco {name} restaurado a partir de {path}.")

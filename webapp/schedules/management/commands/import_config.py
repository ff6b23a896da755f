import json

from django.core.management.base import BaseCommand, CommandError

from rules.errors import DocumentError
from webapp.schedules.config_io import import_config


class Command(BaseCommand):
    help = (
        "Importa a configuração da clínica de um arquivo no formato de instância (o que export_config gera). "
        "Valida o arquivo inteiro antes; um arquivo inválido não altera nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="arquivo JSON no formato agendador.instance/1")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as fh:
                doc = json.load(fh)
        except OSError as exc:
            raise CommandError(f"Não foi possível ler {file}: {exc.strerror}.", returncode=2) from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: o arquivo precisa estar em UTF-8. Nada foi alterado.", returncode=2) from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{file}: JSON inválido na linha {exc.lineno}, coluna {exc.colno}: {exc.msg}. Nada foi alterado.",
                returncode=2,
            ) from None
        try:
            counts = import_config(doc)
        except DocumentError as exc:
            raise CommandError(
                f"{file}: arquivo inválido — campo {exc.field or '(raiz)'}: {exc.message}. Nada foi alterado.",
                returncode=2,
            ) from None
        self.stdout.write(
            f"Configuração da semana de {doc['week_start']} importada de {file}: {len(doc['sites'])} unidades, "
            f"{len(doc['rooms'])} salas, {len(doc['professionals'])} profissionais, {len(doc.get('rules', []))} "
            f"premissas, {len(doc.get('pins', []))} fixações; {counts['deactivated']} cadastro(s) desativado(s) e "
            f"{counts['removed_pins']} fixação(ões) removida(s) por não estarem no arquivo."
        )

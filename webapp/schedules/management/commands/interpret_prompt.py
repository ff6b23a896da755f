import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from webapp.schedules.models import ScheduleVersion
from webapp.schedules.prompts import INTERPRETERS, available_interpreters, interpret_prompt


class Command(BaseCommand):
    help = (
        "Interpreta um prompt em português contra a semana e imprime o documento de mudanças validado (JSON, "
        "saída 0) ou os erros e candidatos (saída 2). Não grava nem calcula nada."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is a schedule version, not Django's own --version flag.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("prompt", help="o pedido, ex.: \"bloquear a sala 3 da Savassi na terça de manhã\"")
        parser.add_argument("--week", required=True, help="a segunda-feira da semana, AAAA-MM-DD")
        parser.add_argument("--version", type=int, help="a versão em tela (id); padrão: a publicada da semana")
        parser.add_argument("--interpreter", choices=INTERPRETERS, help="padrão: PROMPT_INTERPRETER")

    def handle(self, *args, prompt, week, version, interpreter, **options):
        try:
            week_start = dt.date.fromisoformat(week)
        except ValueError:
            raise CommandError(f"--week: data inválida {week!r} (use AAAA-MM-DD)", returncode=2) from None
        if week_start.weekday() != 0:
            raise CommandError("--week: a semana precisa começar numa segunda-feira", returncode=2)
        base = None
        if version is not None:
            base = ScheduleVersion.objects.filter(pk=version).first()
            if base is None:
                raise CommandError(f"--version: versão {version} não encontrada", returncode=2)
            if base.week_start != week_start:
                raise CommandError("--version: a versão é de outra semana", returncode=2)
        if interpreter and interpreter not in available_interpreters():
            raise CommandError(f"--interpreter: {interpreter} não está configurado", returncode=2)
        result, _config = interpret_prompt(prompt, week_start, base, interpreter=interpreter)
        if result.ok:
            self.stdout.write(json.dumps(result.changes, ensure_ascii=False, indent=2))
            for sentence in result.explanations:
                self.stderr.write(f"- {sentence}")
            return
        for error in result.errors:
            self.stderr.write(error["message"])
        for candidate in result.candidates:
            for option in candidate["options"]:
                self.stderr.write(f"  candidato: {option['label']} ({option['id']})")
        raise SystemExit(2)

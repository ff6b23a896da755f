import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from webapp.schedules.config_io import LOCAL_TZ, export_config, parse_moment


class Command(BaseCommand):
    help = (
        "Exporta a configuração da clínica (unidades, salas, profissionais, premissas, fixações) no formato de "
        "instância do solver, como está agora ou como estava em --at."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", help="data/hora (AAAA-MM-DD[THH:MM], horário de Brasília); padrão: agora")
        parser.add_argument("--week", help="segunda-feira da semana exportada (AAAA-MM-DD); padrão: a semana de --at")
        parser.add_argument("--output", help="arquivo de saída (padrão: a saída padrão)")

    def handle(self, *args, at, week, output, **options):
        from webapp.clinic.history import NoHistory

        try:
            moment = parse_moment(at) if at else None
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        local_day = (moment or timezone.now()).astimezone(LOCAL_TZ).date()
        if week:
            try:
                week_start = dt.date.fromisoformat(week)
            except ValueError:
                raise CommandError(f"--week: data inválida {week!r}; use AAAA-MM-DD", returncode=2) from None
            if week_start.weekday() != 0:
                raise CommandError(f"--week: {week_start:%d/%m/%Y} não é uma segunda-feira", returncode=2)
        else:
            week_start = local_day - dt.timedelta(days=local_day.weekday())
        try:
            doc = export_config(week_start, moment)
        except NoHistory:
            raise CommandError(
                f"Não há configuração registrada no histórico em {moment:%d/%m/%Y %H:%M}: nada existia ainda.",
                returncode=1,
            ) from None
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if output:
            try:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                raise CommandError(f"Não foi possível gravar {output}: {exc.strerror}.") from None
            when = f"em {moment:%d/%m/%Y %H:%M}" if moment else "agora"
            self.stderr.write(
                f"Configuração {when} (semana de {week_start:%d/%m/%Y}) exportada para {output}: "
                f"{len(doc['rooms'])} salas, {len(doc['professionals'])} profissionais, {len(doc['rules'])} premissas, "
                f"{len(doc['pins'])} fixações."
            )
        else:
            sys.stdout.write(text)

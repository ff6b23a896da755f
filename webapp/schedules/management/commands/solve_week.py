import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from webapp.schedules import actions
from webapp.schedules.models import ScheduleVersion


class Command(BaseCommand):
    help = "Resolve uma semana e guarda o resultado como rascunho (executa aqui, sem fila)."

    def add_arguments(self, parser):
        parser.add_argument("week_start", help="segunda-feira da semana, AAAA-MM-DD")
        parser.add_argument("--time-limit", type=float, default=20.0)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--if-missing", action="store_true", help="não faz nada se a semana já tiver uma versão")

    def handle(self, *args, week_start, time_limit, seed, if_missing, **options):
        try:
            monday = dt.date.fromisoformat(week_start)
        except ValueError:
            raise CommandError("use a data no formato AAAA-MM-DD") from None
        if monday.weekday() != 0:
            raise CommandError("a semana precisa começar numa segunda-feira")
        if if_missing and ScheduleVersion.objects.filter(week_start=monday).exists():
            self.stdout.write(f"A semana de {monday:%d/%m/%Y} já tem versões; nada a resolver.")
            return
        run = actions.do_start_solve("weekly", monday, time_limit=time_limit, seed=seed, enqueue=False)
        run = actions.do_run_solve(run.pk)
        if run.status != run.DONE:
            raise CommandError(f"a execução {run.pk} falhou: {run.error}")
        self.stdout.write(
            f"Execução {run.pk}: {run.solver_status}, objetivo {run.objective}, "
            f"versão {run.version.number if run.version else '—'} ({run.version.allocations.count() if run.version else 0} alocações)."
        )

import sys

from django.core.management.base import BaseCommand, CommandError

from webapp.schedules import adapter
from webapp.schedules.models import SolveRun

DEFAULT_DETERMINISTIC_TIME = 10.0
WALL_FACTOR = 10  # the wall-clock safety net around a deterministic solve (solver.portfolio uses the same)


def _bare(allocations) -> set[tuple]:
    return {(a["professional"], a["room"], str(a["date"]), a["start"], a["end"]) for a in allocations}


def _fmt(a: tuple) -> str:
    return f"{a[0]} em {a[1]}, {a[2]} {a[3]}–{a[4]}"


def _num(value) -> str:
    return "—" if value is None else f"{float(value):g}"


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6


class Command(BaseCommand):
    help = (
        "Refaz o cálculo de uma execução com a instância exata que ela guardou (1 worker, tempo determinístico) "
        "e compara com o resultado guardado. Sai com 0 quando é igual e 1 quando é diferente."
    )

    def add_arguments(self, parser):
        parser.add_argument("run_id", type=int, metavar="ID", help="número da execução")
        parser.add_argument(
            "--deterministic-time", type=float, default=None,
            help="limite determinístico do solver, em segundos determinísticos (padrão: o que a execução guardou, "
            f"ou {DEFAULT_DETERMINISTIC_TIME:g})",
        )  # fmt: skip

    def handle(self, *args, run_id, deterministic_time, **options):
        run = SolveRun.objects.select_related("version").filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"Execução {run_id} não encontrada.", returncode=2)
        if run.status != SolveRun.DONE:
            raise CommandError(
                f"A execução {run_id} está {run.get_status_display()}: só uma execução concluída tem resultado "
                "guardado para comparar.",
                returncode=2,
            )
        if not run.instance:
            raise CommandError(f"A execução {run_id} não guardou a instância que resolveu.", returncode=2)
        params = run.parameters or {}
        det = deterministic_time or params.get("deterministic_time") or DEFAULT_DETERMINISTIC_TIME
        if det <= 0:
            raise CommandError("--deterministic-time precisa ser maior que zero.", returncode=2)
        out = self.stdout
        out.write(
            f"Execução {run.pk} ({run.get_kind_display()}, semana de {run.week_start:%d/%m/%Y}) refeita com a "
            f"instância guardada: 1 worker, tempo determinístico {det:g}, semente {params.get('seed', 0)}."
        )
        if params.get("workers", 1) != 1 or not params.get("deterministic_time"):
            out.write(
                "Atenção: a execução original não foi determinística (mais de 1 worker ou sem tempo "
                "determinístico); uma diferença pode vir só disso."
            )
        solution = adapter.solve(
            run.instance,
            time_limit=det * WALL_FACTOR,
            workers=1,
            seed=params.get("seed", 0),
            minimal_change=bool(params.get("minimal_change", False)),
            max_changed_minutes=params.get("max_changed_minutes"),
            deterministic_time=det,
        )
        stored = _bare(adapter.version_allocations(run.version)) if run.version else set()
        fresh = _bare(solution.get("allocations") or [])
        checks = [
            ("Situação do solver", run.solver_status or "—", solution.get("status") or "—",
             (run.solver_status or "") == (solution.get("status") or "")),
            ("Objetivo", _num(run.objective), _num(solution.get("objective")),
             _same_number(run.objective, solution.get("objective"))),
            ("Alocações", len(stored), len(fresh), stored == fresh),
        ]  # fmt: skip
        for label, before, after, same in checks:
            verdict = "igual" if same else "DIFERENTE"
            out.write(f"  {label}: guardado {before}, refeito {after} — {verdict}")
        only_stored, only_fresh = sorted(stored - fresh), sorted(fresh - stored)
        for title, items in (("Só no resultado guardado", only_stored), ("Só no resultado refeito", only_fresh)):
            if items:
                out.write(f"  {title} ({len(items)}):")
                for a in items[:10]:
                    out.write(f"    - {_fmt(a)}")
                if len(items) > 10:
                    out.write(f"    … e mais {len(items) - 10}")
        if all(same for *_, same in checks):
            out.write("Resultado: igual ao guardado.")
            return
        out.write("Resultado: diferente do guardado.")
        sys.exit(1)

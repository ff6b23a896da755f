"""The `agendador` command line: solve, check, generate, schema, plot, bench."""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from rules import catalogue
from rules.errors import DocumentError
from rules.instance import parse_instance
from rules.schema import SOLUTION_FORMAT, instance_schema, solution_schema, validate_against_schema
from rules.schedule import schedule_from_allocations

EXIT_BAD_DOCUMENT = 2


class CliError(Exception):
    """A user error: printed as one pt-BR line, exit code 2."""


def read_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"não foi possível ler {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise CliError(
            f"{path}: o arquivo não está em UTF-8 (byte 0x{exc.object[exc.start]:02x} na posição {exc.start}); "
            "salve-o como UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}: JSON inválido na linha {exc.lineno}, coluna {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise CliError(f"{path}: JSON aninhado demais (listas ou objetos dentro de outros, sem fim)") from None


def check_pins_in_week(instance) -> None:
    """A pin dated outside the instance's week is a malformed document, named by its field."""
    for i, pin in enumerate(instance.pins):
        if not instance.in_week(pin.date):
            last = instance.week_start + dt.timedelta(days=6)
            raise DocumentError(
                f"pins[{i}].date",
                f"a fixação pins[{i}] ({instance.professionals[pin.professional].name}) está em "
                f"{pin.date:%d/%m/%Y}, fora da semana de {instance.week_start:%d/%m/%Y} a {last:%d/%m/%Y}",
            )


def write_json(doc: Any, path: str | None) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if path in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def load_solution(path: str, instance):
    doc = read_json(path)
    validate_against_schema(doc, SOLUTION_FORMAT)
    for i, a in enumerate(doc["allocations"]):
        if a["professional"] not in instance.professionals:
            raise DocumentError(f"allocations[{i}].professional", f"profissional desconhecido: {a['professional']}")
        if a["room"] not in instance.rooms:
            raise DocumentError(f"allocations[{i}].room", f"sala desconhecida: {a['room']}")
    return schedule_from_allocations(doc["allocations"])


class ProgressLine:
    """A live progress line on stderr: elapsed, objective, bound, gap."""

    def __init__(self, time_limit: float, enabled: bool):
        self.time_limit = time_limit
        self.enabled = enabled

    def __call__(self, elapsed: float, objective: int | None, bound: int | None) -> None:
        if not self.enabled:
            return
        width = 24
        done = min(width, int(width * elapsed / max(self.time_limit, 1e-9)))
        gap = ""
        if objective is not None and bound is not None:
            gap = f" gap {100 * max(0, objective - bound) / max(1, objective):5.2f}%"
        sys.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {elapsed:6.1f}s objetivo {objective} limite {bound}{gap}   "
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


@contextlib.contextmanager
def stop_on_ctrl_c():
    """An event the first Ctrl-C sets (the solve stops and its best week is still written);
    a second Ctrl-C interrupts as usual."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers belong to the main thread
        return

    def handle(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\ninterrompido: gravando a melhor agenda encontrada (Ctrl-C de novo para abortar)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_solve(args) -> int:
    from solver.engine import solve

    instance = parse_instance(read_json(args.instance))
    check_pins_in_week(instance)
    line = ProgressLine(args.time_limit, enabled=not args.quiet and sys.stderr.isatty() or args.progress)
    with stop_on_ctrl_c() as stop:
        result = solve(
            instance,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            progress=line,
            deterministic_time=args.deterministic_time,
            stop=stop,
            minimal_change=args.minimal_change,
            max_changed_minutes=0 if args.strict_freeze else args.max_changed_minutes,
            scope_dates=args.scope_dates,
            scope_sites=args.scope_sites,
        )
    line.close()
    doc = result.to_document()
    write_json(doc, args.output)
    if not args.quiet:
        summary = f"{doc['status']}: {len(doc['allocations'])} alocações"
        if doc["objective"] is not None:
            summary += f", objetivo {doc['objective']}, limite {doc['bound']}, gap {100 * doc['gap']:.2f}%"
        if doc["stats"].get("stopped"):
            summary += " (interrompido antes do limite de tempo)"
        print(summary, file=sys.stderr)
        for conflict in doc["conflicts"]:
            print(f"  conflito [{', '.join(conflict['rules'])}]: {conflict['message']}", file=sys.stderr)
    return 0 if doc["status"] in ("OPTIMAL", "FEASIBLE") else 1


def cmd_check(args) -> int:
    instance = parse_instance(read_json(args.instance))
    schedule = load_solution(args.solution, instance)
    found = catalogue.check_all(instance, schedule, soft=args.soft, accepted=True)
    hard = [i for i in found if i.severity == "hard"]
    if args.json:
        write_json([i.to_dict() for i in found], None)
    else:
        for inc in found:
            print(f"[{inc.severity}] {inc.premissa}: {inc.message}")
        terms = catalogue.terms(instance, schedule)
        print(f"{len(hard)} inconsistência(s) grave(s); objetivo {catalogue.objective(instance, terms)} {terms}")
    return 1 if hard else 0


SHAPE_OPTIONS = (
    # (option, Shape field, type, pt-BR help)
    ("--sites", "sites", int, "número de unidades (1–8); os consultórios do tamanho se dividem entre elas"),
    ("--specialist-kinds", "specialist_kinds", int, "tipos de sala especializada além de consultório e ginásio (0–3)"),
    ("--specialist-share", "specialist_share", float, "fração dos consultórios de cada unidade que viram salas especializadas"),
    ("--pin-share", "pin_share", float, "fração dos profissionais com um lançamento manual em dia útil"),
    ("--sparsity", "sparsity", float, "chance de cada janela semanal de disponibilidade ser retirada"),
    ("--demand", "demand", float, "multiplica a demanda sobre a capacidade das salas (1 = padrão)"),
    ("--minimum-share", "minimum_share", float, "mínimo semanal como fração da meta"),
    ("--multi-site", "multi_site", float, "fração dos profissionais que atendem em duas ou três unidades"),
    ("--saturday", "saturday", int, "profissionais por unidade no rodízio de sábado"),
    ("--closures", "closures", int, "dias de unidade fechada em dia útil (além dos feriados)"),
)


def cmd_generate(args) -> int:
    from solver.generate import Shape, generate, suite_shape

    fields = {name: getattr(args, name) for _option, name, _type, _help in SHAPE_OPTIONS if getattr(args, name) is not None}
    base = suite_shape(args.shape, args.size) if args.shape else Shape()
    try:
        shape = dataclasses.replace(base, **fields)
    except ValueError as exc:
        raise CliError(f"forma inválida: {exc}") from None
    write_json(generate(args.size, args.seed, shape=shape), args.output)
    return 0


def cmd_schema(args) -> int:
    write_json(instance_schema() if args.document == "instance" else solution_schema(), None)
    return 0


def cmd_plot(args) -> int:
    from solver.plot import plot_week

    instance = parse_instance(read_json(args.instance))
    schedule = load_solution(args.solution, instance)
    if Path(args.output).suffix.lower() not in (".svg", ".png"):
        raise CliError("a imagem precisa terminar em .svg ou .png")
    plot_week(instance, schedule, args.output)
    return 0


def cmd_bench(args) -> int:
    from solver.bench import run_bench, run_suite, run_what_if_suite

    if args.suite:
        sizes = args.sizes or ["s", "m", "l", "xl"]
        run_suite(sizes, scale=args.scale, workers=args.workers, count=args.count, plain=args.plain, out=sys.stdout)
        return 0
    if args.extremes:
        from solver.extremes import run_extremes

        run_extremes(args.extremes, seed=args.seed, workers=args.workers, out=sys.stdout)
        return 0
    if args.what_if:
        run_what_if_suite(
            seed=args.seed, workers=args.workers, count=args.what_if_count, free_seconds=args.free_seconds, out=sys.stdout
        )
        return 0
    run_bench(sizes=args.sizes or ["s", "m", "l", "xl"], checkpoints=args.checkpoints, seed=args.seed, workers=args.workers, out=sys.stdout)
    return 0


def _suite_shape_names() -> list[str]:
    from solver.generate import SUITE_SHAPES

    return sorted(SUITE_SHAPES)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agendador", description="Agenda semanal de salas da clínica (CP-SAT).")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser(
        "solve",
        help="resolve uma instância",
        description="Resolve uma instância. Ctrl-C interrompe a busca e ainda grava a melhor agenda encontrada.",
    )
    s.add_argument("instance")
    s.add_argument("-o", "--output", help="arquivo da solução (padrão: saída padrão)")
    s.add_argument("--time-limit", type=float, default=30.0)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--deterministic-time", type=float, default=None, help="limite determinístico (reprodutível)")
    s.add_argument("--progress", action="store_true", help="mostra a linha de progresso mesmo sem terminal")
    s.add_argument(
        "--minimal-change",
        action="store_true",
        help="parte da semana anterior (previous) e muda o mínimo: cada minuto alterado custa no objetivo",
    )
    s.add_argument(
        "--max-changed-minutes",
        type=int,
        default=None,
        metavar="MIN",
        help="no máximo MIN minutos alterados além dos que a mudança obriga (implica --minimal-change)",
    )
    s.add_argument(
        "--strict-freeze",
        action="store_true",
        help="congela tudo o que ainda vale da semana anterior (o mesmo que --max-changed-minutes 0)",
    )
    s.add_argument(
        "--scope-date",
        dest="scope_dates",
        action="append",
        metavar="AAAA-MM-DD",
        help="só mexe nas alocações anteriores desta data (repetível; implica --minimal-change)",
    )
    s.add_argument(
        "--scope-site",
        dest="scope_sites",
        action="append",
        metavar="UNIDADE",
        help="só mexe nas alocações anteriores desta unidade (repetível; implica --minimal-change)",
    )
    s.add_argument("-q", "--quiet", action="store_true")
    s.set_defaults(func=cmd_solve)

    c = sub.add_parser("check", help="lista as inconsistências de uma solução")
    c.add_argument("instance")
    c.add_argument("solution")
    c.add_argument("--soft", action="store_true", help="inclui as metas não atingidas")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)

    g = sub.add_parser("generate", help="gera uma clínica de Belo Horizonte")
    g.add_argument("--size", choices=["s", "m", "l", "xl"], default="m")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("-o", "--output")
    g.add_argument("--shape", choices=list(_suite_shape_names()), help="uma forma da bateria de testes como base")
    for option, name, type_, help_ in SHAPE_OPTIONS:
        g.add_argument(option, dest=name, type=type_, default=None, help=help_)
    g.set_defaults(func=cmd_generate)

    sc = sub.add_parser("schema", help="imprime o JSON Schema do formato v1")
    sc.add_argument("document", choices=["instance", "solution"])
    sc.set_defaults(func=cmd_schema)

    pl = sub.add_parser("plot", help="desenha a semana (svg ou png)")
    pl.add_argument("instance")
    pl.add_argument("solution")
    pl.add_argument("-o", "--output", required=True)
    pl.set_defaults(func=cmd_plot)

    b = sub.add_parser("bench", help="mede o motor nos tamanhos s/m/l/xl")
    b.add_argument("--sizes", nargs="+", default=None)
    b.add_argument("--checkpoints", nargs="+", type=float, default=[10, 30, 60, 120])
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--workers", type=int, default=2)
    b.add_argument("--what-if", action="store_true", help="roda a bateria de e-se (semana m, mudanças isoladas)")
    b.add_argument("--what-if-count", type=int, default=10, help="mudanças aleatórias além da do README")
    b.add_argument("--free-seconds", type=float, default=60.0, help="tempo da re-solução livre de referência")
    b.add_argument("--suite", action="store_true", help="roda a bateria de formas de clínica (8 por tamanho s/m/l, 2 xl)")
    b.add_argument("--scale", type=float, default=1.0, help="multiplica os tempos da bateria (ex.: 0.05 para um teste rápido)")
    b.add_argument("--count", type=int, default=None, help="só as primeiras N formas de cada tamanho")
    b.add_argument(
        "--extremes", type=int, default=0, metavar="N",
        help="N clínicas de formas extremas (a partir de --seed): semana e uma mudança, procurando problemas",
    )
    b.add_argument("--plain", action="store_true", help="mede também o limitante do modelo simples (CP-SAT padrão)")
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DocumentError as exc:
        print(f"erro: documento inválido — campo {exc.field or '(raiz)'}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_DOCUMENT
    except CliError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return EXIT_BAD_DOCUMENT


if __name__ == "__main__":
    sys.exit(main())

"""`agendador bench`: the engine on generated clinics of every size, as a table.

A benchmark, not a test: it prints what this machine did. For each size: model
size, build time, time to the first solution, the true objective (recomputed
from the allocations) and the bound at each checkpoint, the greedy baseline, and
how much of the distance between greedy and bound the solution closed. Then a
what-if row on m: block one room for a morning and re-solve from the previous
solution.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import time
from typing import TextIO

from rules import catalogue
from rules.instance import parse_instance
from solver.domain import build_domain
from solver.engine import evaluate, solve
from solver.generate import generate
from solver.greedy import greedy_schedule


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def _gap(objective, bound) -> float | None:
    if objective is None or bound is None:
        return None
    return max(0.0, (objective - bound) / max(1, objective))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            names = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def bench_size(size: str, seed: int, checkpoints: list[float], workers: int) -> dict:
    doc = generate(size, seed)
    instance = parse_instance(doc)
    t = time.monotonic()
    greedy = greedy_schedule(instance, build_domain(instance))
    greedy_seconds = time.monotonic() - t
    greedy_objective = evaluate(instance, greedy)[0]
    result = solve(instance, time_limit=max(checkpoints), workers=workers, seed=seed, checkpoints=checkpoints)
    if result.schedule is not None:
        assert not catalogue.check_all(instance, result.schedule)
    closed = None
    if result.objective is not None and result.bound is not None and greedy_objective > result.bound:
        closed = (greedy_objective - result.objective) / (greedy_objective - result.bound)
    return {
        "size": size,
        "doc": doc,
        "counts": (len(instance.sites), len(instance.rooms), len(instance.professionals)),
        "greedy": greedy_objective,
        "greedy_seconds": greedy_seconds,
        "result": result,
        "closed": closed,
    }


def what_if(row: dict, workers: int, seed: int, time_limit: float = 3.0) -> dict:
    """Block the busiest room for a morning and re-solve from the previous solution."""
    doc = json.loads(json.dumps(row["doc"]))
    result = row["result"]
    allocations = [a for a in result.schedule if a.date.weekday() < 5 and a.start < 12 * 60]
    busiest: dict[tuple, int] = {}
    for a in allocations:
        busiest[(a.room, a.date)] = busiest.get((a.room, a.date), 0) + 1
    room, day = max(busiest, key=busiest.get)
    doc["previous"] = [
        {"professional": a.professional, "room": a.room, "date": a.date.isoformat(),
         "start": f"{a.start // 60:02d}:{a.start % 60:02d}", "end": f"{a.end // 60:02d}:{a.end % 60:02d}"}
        for a in result.schedule
    ]
    doc.setdefault("rules", []).append(
        {"id": "bench-block", "kind": "room_block", "label": "Manutenção (bench)", "room": room,
         "date": day.isoformat(), "start": "07:00", "end": "12:00"}
    )
    instance = parse_instance(doc)
    forced = sum(
        min(a.end, 12 * 60) - max(a.start, 7 * 60)
        for a in result.schedule
        if a.room == room and a.date == day and a.start < 12 * 60 and a.end > 7 * 60
    )
    t = time.monotonic()
    again = solve(instance, time_limit=time_limit, workers=workers, seed=seed, minimal_change=True)
    seconds = time.monotonic() - t
    return {
        "room": room,
        "date": day,
        "first": again.stats.get("first_solution_seconds"),
        "seconds": seconds,
        "changed": again.terms["changed"] if again.terms else None,
        "forced": forced,
        "status": again.status,
        "gap": again.gap,
    }


def run_bench(sizes: list[str], checkpoints: list[float], seed: int, workers: int, out: TextIO) -> list[dict]:
    out.write(f"# agendador bench — {dt.date.today().isoformat()} — {machine()}, workers={workers}, seed={seed}\n\n")
    header = ["size", "sites/rooms/profs", "vars", "constraints", "build s", "first sol s", "greedy"]
    header += [f"obj@{int(c)}s / bound / gap" for c in checkpoints]
    header += ["final gap", "closed vs greedy"]
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "---|" * len(header) + "\n")
    rows = []
    for size in sizes:
        row = bench_size(size, seed, checkpoints, workers)
        rows.append(row)
        r = row["result"]
        cells = [
            size,
            "/".join(map(str, row["counts"])),
            str(r.stats.get("variables", "—")),
            str(r.stats.get("constraints", "—")),
            f"{r.stats.get('build_seconds', 0):.1f}",
            f"{r.stats['first_solution_seconds']:.1f}" if r.stats.get("first_solution_seconds") is not None else "—",
            str(row["greedy"]),
        ]
        by_time = {c["seconds"]: c for c in r.stats.get("checkpoints", [])}
        for c in checkpoints:
            point = by_time.get(c)
            if point is None or point["objective"] is None:
                cells.append("—")
            else:
                bound = point["bound"]
                cells.append(f"{point['objective']} / {bound:.0f} / {_pct(_gap(point['objective'], bound))}" if bound is not None else f"{point['objective']} / — / —")
        cells.append(f"{r.objective} / {r.bound:.0f} / {_pct(r.gap)}" if r.objective is not None else r.status)
        cells.append(_pct(row["closed"]))
        out.write("| " + " | ".join(cells) + " |\n")
        out.flush()
    m_row = next((r for r in rows if r["size"] == "m" and r["result"].schedule is not None), None)
    if m_row is not None:
        w = what_if(m_row, workers, seed)
        out.write(
            f"\nWhat-if (m): block {w['room']} on {w['date']} 07:00–12:00, re-solve from the previous week with a "
            f"3 s limit: first valid solution after {w['first']:.2f} s, returned after {w['seconds']:.2f} s "
            f"({w['status']}, gap {_pct(w['gap'])}); changed {w['changed']} min, of which the block forces "
            f"{w['forced']} min.\n"
        )
    return rows

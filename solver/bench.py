"""`agendador bench`: the engine on generated clinics of every size, as a table.

A benchmark, not a test: it prints what this machine did. For each size: model
size, build time, time to the first solution, the true objective (recomputed
from the allocations) and the bound at each checkpoint, the greedy baseline, and
how much of the distance between greedy and bound the solution closed. Then a
what-if row on m: block one room for a morning and re-solve from the previous
solution.

`agendador bench --suite` runs the shape suite (`run_suite`): a fixed set of
generated clinics of every shape per size, with the median and worst gap and
share of greedy→bound closed at each checkpoint.

`agendador bench --what-if` runs the what-if suite instead (`run_what_if_suite`):
an m week solved as the weekly job does, then the README's what-if and random
single changes, each re-solved as a priced neighbourhood and compared with the
strict freeze and with a free re-solve.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import time
from typing import Any, TextIO

from rules import catalogue
from rules.instance import parse_instance
from solver.domain import build_domain
from solver.engine import solve
from solver.generate import SUITE_SHAPES, generate, suite_shape
from solver.greedy import greedy_schedule
from solver.reach import lost_parts


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def _gap(objective, bound) -> float | None:
    if objective is None or bound is None:
        return None
    return max(0.0, (objective - bound) / max(1, objective))


def table_row(cells: list[str]) -> str:
    """One row of a Markdown table (the benchmarks print theirs as docs/benchmarks.md shows them)."""
    return "| " + " | ".join(cells) + " |\n"


def table_header(header: list[str]) -> str:
    return table_row(header) + "|" + "---|" * len(header) + "\n"


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
    greedy_objective = catalogue.score(instance, greedy)[0]
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
    out.write(table_header(header))
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
        out.write(table_row(cells))
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


# --------------------------------------------------------------------------- what-if suite

WHAT_IF_SIZE = "m"
WHAT_IF_WEEK_SECONDS = 20.0  # the previous week is solved as the weekly job does
README_WHAT_IF = ("sav-1", "2026-12-09")  # the README's what-if: block sav-1 for a day
CHANGE_KINDS = ("block_room", "absent", "cut_hours")
HOUR_CUT_SHARE = 0.25  # an hour-limit cut takes this share of a professional's previous week (whole hours)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _previous_of(schedule) -> list[dict]:
    return [
        {"professional": a.professional, "room": a.room, "date": a.date.isoformat(), "start": _hhmm(a.start), "end": _hhmm(a.end)}
        for a in schedule
    ]


def what_if_cases(schedule, count: int, seed: int) -> list[tuple[str, dict]]:
    """The README's what-if, then `count` random single changes (a label and a rule each)."""
    rng = random.Random(seed)
    room, day = README_WHAT_IF
    cases = [(f"block {room} {day} (README)", {"kind": "room_block", "room": room, "date": day})]
    weekdays = sorted({a.date for a in schedule if a.date.weekday() < 5})
    weekly = schedule.weekly_minutes
    for i in range(count):
        kind = CHANGE_KINDS[i % len(CHANGE_KINDS)]
        day = rng.choice(weekdays)
        if kind == "block_room":
            room = rng.choice(sorted({a.room for a in schedule if a.date == day}))
            cases.append((f"block {room} {day}", {"kind": "room_block", "room": room, "date": day.isoformat()}))
        elif kind == "absent":
            who = rng.choice(sorted({a.professional for a in schedule if a.date == day}))
            cases.append((f"absent {who} {day}", {"kind": "unavailable", "professional": who, "date": day.isoformat()}))
        else:
            who = rng.choice(sorted(p for p, minutes in weekly.items() if minutes >= 4 * 60))
            hours = int(weekly[who] * (1 - HOUR_CUT_SHARE)) // 60
            cases.append((f"max {hours} h {who}", {"kind": "hours_limit", "professional": who, "max_weekly_hours": hours}))
    return cases


def _replaced(instance, before, after, forced_by: dict[str, int]) -> int:
    """Minutes the displaced professionals got back: their week against the freeze's floor."""
    out = 0
    weekly = after.weekly_minutes
    for pid, forced in forced_by.items():
        floor = before.get(pid, 0) - forced
        out += min(forced, max(0, weekly.get(pid, 0) - floor))
    return out


def what_if_case(base_doc: dict, previous, rule: dict, *, workers: int, seed: int, free_seconds: float) -> dict[str, Any]:
    """One change re-solved: priced at 1 s and 3 s, the strict freeze at 3 s, a free re-solve."""
    doc = json.loads(json.dumps(base_doc))
    doc["previous"] = _previous_of(previous)
    doc.setdefault("rules", []).append({"id": "what-if", "label": "E se (bench)", **rule})
    instance = parse_instance(doc)
    forced_by: dict[str, int] = {}
    row: dict[str, Any] = {}
    runs = {
        "priced@1": dict(time_limit=1.0, minimal_change=True),
        "priced@3": dict(time_limit=3.0, minimal_change=True),
        "freeze@3": dict(time_limit=3.0, max_changed_minutes=0),
        "free": dict(time_limit=free_seconds),
    }
    for name, kwargs in runs.items():
        t = time.monotonic()
        result = solve(instance, workers=workers, seed=seed, **kwargs)
        seconds = time.monotonic() - t
        assert result.schedule is not None and not catalogue.check_all(instance, result.schedule)
        if name == "freeze@3":
            for p, parts in lost_parts(instance, result.schedule):
                forced_by[p.professional] = forced_by.get(p.professional, 0) + sum(e - s for s, e in parts)
            row["forced"] = result.terms["changed"]
        row[name] = {
            "objective": result.objective,
            "changed": result.terms["changed"],
            "seconds": seconds,
            "first": result.stats.get("first_solution_seconds"),
            "schedule": result.schedule,
        }
    before = previous.weekly_minutes
    row["displaced"] = sum(forced_by.values())
    for name in runs:
        row[name]["replaced"] = _replaced(instance, before, row[name].pop("schedule"), forced_by)
    return row


def run_what_if_suite(seed: int, workers: int, count: int, free_seconds: float, out: TextIO) -> list[dict]:
    """The what-if table of docs/benchmarks.md (one m week, the README's change and `count` random ones)."""
    out.write(
        f"# agendador bench --what-if — {dt.date.today().isoformat()} — {machine()}, workers={workers}, seed={seed}\n\n"
    )
    base_doc = generate(WHAT_IF_SIZE, seed)
    instance = parse_instance(base_doc)
    week = solve(instance, time_limit=WHAT_IF_WEEK_SECONDS, workers=workers, seed=seed)
    out.write(f"Previous week: {WHAT_IF_SIZE} seed {seed} solved {WHAT_IF_WEEK_SECONDS:.0f} s, objective {week.objective}.\n\n")
    header = [
        "change", "forced min", "changed min priced@3s / freeze", "priced@1s", "priced@3s", "freeze@3s",
        f"free@{free_seconds:.0f}s", "priced@3s vs best", "re-placed min priced@3s / freeze / free (of displaced)",
    ]
    out.write(table_header(header))
    rows = []
    for label, rule in what_if_cases(week.schedule, count, seed):
        row = what_if_case(base_doc, week.schedule, rule, workers=workers, seed=seed, free_seconds=free_seconds)
        row["label"] = label
        rows.append(row)
        best = min(row["freeze@3"]["objective"], row["free"]["objective"])
        cells = [
            label,
            str(row["forced"]),
            f"{row['priced@3']['changed']} / {row['freeze@3']['changed']}",
            f"{row['priced@1']['objective']} ({row['priced@1']['seconds']:.1f} s)",
            str(row["priced@3"]["objective"]),
            str(row["freeze@3"]["objective"]),
            str(row["free"]["objective"]),
            f"{100 * (row['priced@3']['objective'] - best) / max(1, best):+.2f}%",
            f"{row['priced@3']['replaced']} / {row['freeze@3']['replaced']} / {row['free']['replaced']} ({row['displaced']})",
        ]
        out.write(table_row(cells))
        out.flush()
    summary = what_if_summary(rows)
    out.write(
        f"\n{summary['within_1pct']} of {summary['changes']} changes within 1% of the best of "
        f"{{freeze@3s, free@{free_seconds:.0f}s}} at 3 s; median {100 * summary['median_vs_best']:+.2f}%, "
        f"worst {100 * summary['worst_vs_best']:+.2f}%. priced@1s wall time: longest {summary['longest_1s']:.1f} s. "
        f"Displaced time re-placed at 3 s at least as fully as the free re-solve: {summary['replaced_as_free']} "
        f"of {summary['changes']}.\n"
    )
    return rows


def what_if_summary(rows: list[dict]) -> dict[str, Any]:
    """The what-if table's last line: how the 3 s priced re-solve fared against the best of
    the strict freeze and the free re-solve, how long the 1 s runs took, how much it re-placed."""
    vs_best = [
        (row["priced@3"]["objective"] - min(row["freeze@3"]["objective"], row["free"]["objective"]))
        / max(1, min(row["freeze@3"]["objective"], row["free"]["objective"]))
        for row in rows
    ]
    return {
        "changes": len(rows),
        "within_1pct": sum(v <= 0.01 for v in vs_best),
        "median_vs_best": _median(vs_best),
        "worst_vs_best": max(vs_best, default=None),
        "longest_1s": max((row["priced@1"]["seconds"] for row in rows), default=0.0),
        "replaced_as_free": sum(row["priced@3"]["replaced"] >= row["free"]["replaced"] for row in rows),
    }


# --------------------------------------------------------------------------- the shape suite

# Checkpoints per size (seconds): the targets are read at the last one (s: proven optimal
# by 10 s; m: gap at 60 s; l: at 120 s; xl: valid by 30 s, gap at 300 s).
SUITE_CHECKPOINTS: dict[str, tuple[float, ...]] = {
    "s": (1.0, 5.0, 10.0),
    "m": (10.0, 30.0, 60.0),
    "l": (30.0, 60.0, 120.0),
    "xl": (30.0, 120.0, 300.0),
}
SUITE_XL_SHAPES = ("default", "mixed")  # xl is long: two shapes, not eight
SUITE_SEED = 101  # the i-th shape of the suite is generated with seed SUITE_SEED + i


def suite_cases(sizes: list[str], count: int | None = None) -> list[tuple[str, str, int]]:
    """(size, shape name, seed) of the fixed suite; `count` keeps the first shapes of each size."""
    cases = []
    for size in sizes:
        names = list(SUITE_XL_SHAPES) if size == "xl" else list(SUITE_SHAPES)
        for name in names[:count]:
            cases.append((size, name, SUITE_SEED + list(SUITE_SHAPES).index(name)))
    return cases


def _closed(greedy: int, objective: int | None, bound: int | None) -> float | None:
    """Share of the distance from the greedy schedule to the bound the solution covered."""
    if objective is None or bound is None:
        return None
    if greedy <= bound:
        return 1.0
    return max(0.0, (greedy - objective) / (greedy - bound))


def plain_bounds(instance, checkpoints: list[float], workers: int, seed: int) -> list[int | None]:
    """The bound a plain whole-week model reaches by each checkpoint: CP-SAT with its
    default parameters (presolve included) on the same model, no warm start, no floor."""
    from ortools.sat.python import cp_model

    from solver.portfolio import week_model

    began = time.monotonic()
    m = week_model(instance, build_domain(instance))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, max(checkpoints) - (time.monotonic() - began))
    seen: list[tuple[float, float]] = []
    solver.best_bound_callback = lambda bound: seen.append((time.monotonic() - began, bound))
    solver.solve(m.model)
    seen.append((time.monotonic() - began, solver.best_objective_bound))
    out = []
    for limit in checkpoints:
        known = [b for at, b in seen if at <= limit + 0.5]  # the last bound lands as the time runs out
        out.append(max(0, int(-(-known[-1] // 1))) if known else None)
    return out


def suite_case(size: str, name: str, seed: int, *, scale: float, workers: int, plain: bool) -> dict[str, Any]:
    """One suite instance: the greedy baseline, the engine at each checkpoint, optionally the plain model."""
    checkpoints = [scale * c for c in SUITE_CHECKPOINTS[size]]
    doc = generate(size, seed, shape=suite_shape(name, size))
    instance = parse_instance(doc)
    t = time.monotonic()
    greedy = catalogue.score(instance, greedy_schedule(instance, build_domain(instance)))[0]
    greedy_seconds = time.monotonic() - t
    result = solve(instance, time_limit=max(checkpoints), workers=workers, seed=seed, checkpoints=checkpoints)
    assert result.schedule is not None and not catalogue.check_all(instance, result.schedule)
    points = []
    for point in result.stats.get("checkpoints", []):
        objective, bound = point["objective"], point["bound"]
        if objective is not None and bound is not None:
            # A bound is never above a schedule found (the figures are checked, not trusted).
            assert bound <= result.objective and bound <= objective, (name, size, point, result.objective)
        points.append({**point, "gap": _gap(objective, bound), "closed": _closed(greedy, objective, bound)})
    row = {
        "size": size,
        "shape": name,
        "seed": seed,
        "counts": (len(instance.sites), len(instance.rooms), len(instance.professionals)),
        "greedy": greedy,
        "greedy_seconds": greedy_seconds,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "first": result.stats.get("first_solution_seconds"),
        "warm_start": result.stats.get("warm_start_seconds"),
        "wall": result.stats.get("wall_seconds"),
        "notes": {k: result.stats[k] for k in ("whole_week_model", "bound_race", "variables") if k in result.stats},
        "points": points,
    }
    if plain and len(instance.professionals) * len(instance.rooms) <= PLAIN_MODEL_LIMIT:
        row["plain"] = plain_bounds(instance, checkpoints, workers, seed)
    return row


PLAIN_MODEL_LIMIT = 40_000  # professionals x rooms: the plain model is not built past it (xl)


def _median(values: list[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def suite_summary(rows: list[dict]) -> list[dict]:
    """Per size and checkpoint: median and worst gap, median and worst share of greedy→bound closed."""
    out = []
    for size in dict.fromkeys(r["size"] for r in rows):
        mine = [r for r in rows if r["size"] == size]
        for i, point in enumerate(mine[0]["points"]):
            gaps = [r["points"][i]["gap"] for r in mine if r["points"][i]["gap"] is not None]
            closed = [r["points"][i]["closed"] for r in mine if r["points"][i]["closed"] is not None]
            out.append(
                {
                    "size": size,
                    "seconds": point["seconds"],
                    "instances": len(mine),
                    "with_solution": len(gaps),
                    "median_gap": _median(gaps),
                    "worst_gap": max(gaps) if gaps else None,
                    "median_closed": _median(closed),
                    "worst_closed": min(closed) if closed else None,
                }
            )
    return out


def run_suite(
    sizes: list[str], *, scale: float, workers: int, out: TextIO, count: int | None = None, plain: bool = False
) -> tuple[list[dict], list[dict]]:
    """The shape suite: every instance's line, then the per-size, per-checkpoint summary.

    `scale` multiplies every checkpoint (1.0: the targets' times; 0.05: a smoke run)."""
    out.write(
        f"# agendador bench --suite — {dt.date.today().isoformat()} — {machine()}, workers={workers}, "
        f"scale={scale:g}, load average {os.getloadavg()[0]:.2f}\n\n"
    )
    header = ["size", "shape", "seed", "sites/rooms/profs", "greedy (s)", "first s", "status (wall s)"]
    header += [f"checkpoint {i + 1}: obj / bound / gap / closed" for i in range(len(SUITE_CHECKPOINTS["s"]))]
    header += ["notes"]
    out.write(table_header(header))
    rows = []
    for size, name, seed in suite_cases(sizes, count):
        row = suite_case(size, name, seed, scale=scale, workers=workers, plain=plain)
        rows.append(row)
        cells = [
            size, name, str(seed), "/".join(map(str, row["counts"])),
            f"{row['greedy']} ({row['greedy_seconds']:.1f})",
            "—" if row["first"] is None else f"{row['first']:.1f}",
            f"{row['status']} ({row['wall']:.1f})",
        ]
        for i, p in enumerate(row["points"]):
            plain_bound = f" [plain {row['plain'][i]}]" if row.get("plain") else ""
            cells.append(
                f"@{p['seconds']:g}s {p['objective']} / {p['bound']}{plain_bound} / {_pct(p['gap'])} / {_pct(p['closed'])}"
            )
        cells.append(", ".join(f"{k}: {v}" for k, v in row["notes"].items()))
        out.write(table_row(cells))
        out.flush()
    summary = suite_summary(rows)
    out.write("\n| size | checkpoint | instances | median gap | worst gap | median closed | worst closed |\n")
    out.write("|---|---|---|---|---|---|---|\n")
    for s in summary:
        out.write(
            f"| {s['size']} | {s['seconds']:g} s | {s['with_solution']}/{s['instances']} | {_pct(s['median_gap'])} | "
            f"{_pct(s['worst_gap'])} | {_pct(s['median_closed'])} | {_pct(s['worst_closed'])} |\n"
        )
    out.flush()
    return rows, summary

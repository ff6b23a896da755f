"""`agendador bench --extremes N`: the engine tried on clinics shaped far from the generator's defaults.

Each case draws a random `Shape` at the edges of every option (one to eight units, a
third of the rooms or nearly all of them specialist, no pins or a pin for everyone,
availability nearly gone, four times the demand, everyone at several units, closures),
solves its week, then re-solves one random change (a room blocked for a day, someone
absent, an hour limit cut to half, a unit closed) three ways at 1 s: priced minimal
change, the strict freeze and a cap of changed minutes. What it records is what a
coordinator would notice: an invalid week, a bound above a schedule, a run that
overran its time limit, a change refused without an explanation.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import time
from typing import Any, TextIO

from rules import catalogue
from rules.errors import DocumentError
from rules.instance import parse_instance
from solver.bench import _previous_of, machine, table_header, table_row
from solver.engine import solve
from solver.generate import Shape, generate

LIMITS = {"s": 2.0, "m": 4.0, "l": 6.0}  # the week's own solve, seconds
WHAT_IF_LIMIT = 1.0
OVERRUN_SECONDS = 1.5  # past its limit by more than this, a run counts as an overrun
WHAT_IF_MODES = {
    "priced": {"minimal_change": True},
    "freeze": {"max_changed_minutes": 0},
    "cap 2 h": {"max_changed_minutes": 120},
}


def extreme_shape(rng: random.Random) -> Shape:
    return Shape(
        sites=rng.choice([None, 1, 2, 3, 5, 8]),
        specialist_kinds=rng.choice([0, 0, 1, 3]),
        specialist_share=rng.choice([0.1, 0.3, 0.6, 0.9]),
        pin_share=rng.choice([None, 0.0, 0.5, 1.0]),
        sparsity=rng.choice([0.0, 0.3, 0.7, 0.95]),
        demand=rng.choice([0.3, 1.0, 2.0, 4.0]),
        minimum_share=rng.choice([None, 0.0, 0.5, 1.0]),
        multi_site=rng.choice([0.0, 0.3, 0.9]),
        saturday=rng.choice([None, 0, 1, 5]),
        closures=rng.choice([0, 0, 2, 8]),
    )


def _change(rng: random.Random, instance, schedule) -> tuple[str, dict[str, Any]] | None:
    days = sorted({a.date for a in schedule})
    if not days:
        return None
    day = rng.choice(days)
    on_day = [a for a in schedule if a.date == day]
    kind = rng.choice(["block", "absent", "hours", "closed"])
    if kind == "block":
        room = rng.choice(sorted({a.room for a in on_day}))
        return f"block {room} {day}", {"kind": "room_block", "room": room, "date": day.isoformat()}
    if kind == "absent":
        who = rng.choice(sorted({a.professional for a in on_day}))
        return f"absent {who} {day}", {"kind": "unavailable", "professional": who, "date": day.isoformat()}
    if kind == "hours":
        weekly = schedule.weekly_minutes
        who = rng.choice(sorted(weekly))
        hours = weekly[who] // 120
        return f"max {hours} h {who}", {"kind": "hours_limit", "professional": who, "max_weekly_hours": hours}
    site = instance.rooms[rng.choice(sorted({a.room for a in on_day}))].site
    return f"closed {site} {day}", {"kind": "site_closed", "site": site, "date": day.isoformat()}


def _judge(instance, result, seconds: float, limit: float) -> dict[str, Any]:
    """What a run left, and what is wrong with it (empty `problems`: nothing)."""
    problems = []
    if seconds > limit + OVERRUN_SECONDS:
        problems.append(f"overran: {seconds:.1f} s for {limit:.0f} s")
    if result.status == "INFEASIBLE":
        if not result.conflicts:
            problems.append("infeasible without an explanation")
    elif result.schedule is None:
        problems.append(f"no schedule ({result.status})")
    else:
        broken = catalogue.check_all(instance, result.schedule)
        if broken:
            problems.append(f"invalid: {broken[0].message}")
        if result.bound is not None and result.bound > result.objective:
            problems.append(f"bound {result.bound} above objective {result.objective}")
    return {"status": result.status, "seconds": seconds, "problems": problems}


def extreme_case(
    index: int, workers: int, sizes: tuple[str, ...] = ("s", "s", "m", "m", "l"), deterministic_time: float | None = None
) -> dict[str, Any]:
    """One random extreme clinic (drawn from `index`), its week and one change re-solved three ways.
    The change is drawn from the week found, so only a `deterministic_time` week makes it repeatable."""
    rng = random.Random(index)
    size = rng.choice(sizes)
    doc = generate(size, index, shape=extreme_shape(rng))
    instance = parse_instance(doc)
    row: dict[str, Any] = {
        "case": index,
        "size": size,
        "counts": (len(instance.sites), len(instance.rooms), len(instance.professionals)),
    }
    began = time.monotonic()
    if deterministic_time is None:
        week = solve(instance, time_limit=LIMITS[size], workers=workers, seed=index)
    else:
        week = solve(instance, time_limit=60.0, workers=workers, seed=index, deterministic_time=deterministic_time)
    row["week"] = _judge(instance, week, time.monotonic() - began, LIMITS[size])
    change = _change(rng, instance, week.schedule) if week.schedule is not None else None
    row["change"], row["what_if"] = (change[0] if change else "—"), {}
    if change is None:
        return row
    changed = json.loads(json.dumps(doc))
    changed["previous"] = _previous_of(week.schedule)
    changed.setdefault("rules", []).append({"id": "extreme", "label": "Mudança (bench)", **change[1]})
    try:
        after = parse_instance(changed)
    except DocumentError as error:  # a change the format refuses is itself a finding
        row["what_if"]["refused"] = {"status": "REFUSED", "seconds": 0.0, "problems": [str(error)]}
        return row
    for mode, kwargs in WHAT_IF_MODES.items():
        began = time.monotonic()
        result = solve(after, time_limit=WHAT_IF_LIMIT, workers=workers, seed=index, **kwargs)
        row["what_if"][mode] = _judge(after, result, time.monotonic() - began, WHAT_IF_LIMIT)
        if result.status == "INFEASIBLE":
            break  # the change clashes with a premissa the clinic entered (a pin): the same for every mode
    return row


def extremes_summary(rows: list[dict]) -> dict[str, Any]:
    runs = [row["week"] for row in rows] + [run for row in rows for run in row["what_if"].values()]
    what_ifs = [run for row in rows for run in row["what_if"].values()]
    return {
        "cases": len(rows),
        "runs": len(runs),
        "with_problems": sum(bool(run["problems"]) for run in runs),
        "explained_infeasible": sum(run["status"] == "INFEASIBLE" and not run["problems"] for run in what_ifs),
        "longest_what_if": max((run["seconds"] for run in what_ifs), default=0.0),
    }


def run_extremes(count: int, seed: int, workers: int, out: TextIO) -> list[dict]:

    out.write(f"# agendador bench --extremes — {dt.date.today().isoformat()} — {machine()}, workers={workers}\n\n")
    header = ["case", "size", "units / rooms / professionals", "week", "change", *WHAT_IF_MODES, "problems"]
    out.write(table_header(header))
    rows = []
    for index in range(seed, seed + count):
        row = extreme_case(index, workers)
        rows.append(row)
        runs = {"week": row["week"], **row["what_if"]}
        problems = [f"{name}: {p}" for name, run in runs.items() for p in run["problems"]]
        cells = [
            str(index),
            row["size"],
            " / ".join(map(str, row["counts"])),
            f"{row['week']['status']} {row['week']['seconds']:.1f} s",
            row["change"],
            *(
                f"{row['what_if'][m]['status']} {row['what_if'][m]['seconds']:.1f} s" if m in row["what_if"] else "—"
                for m in WHAT_IF_MODES
            ),
            "; ".join(problems) or "—",
        ]
        out.write(table_row(cells))
        out.flush()
    s = extremes_summary(rows)
    out.write(
        f"\n{s['cases']} clinics, {s['runs']} runs: {s['with_problems']} with a problem; "
        f"{s['explained_infeasible']} changes refused with an explanation (they clash with a pin); "
        f"longest 1 s what-if {s['longest_what_if']:.1f} s.\n"
    )
    return rows

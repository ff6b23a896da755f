"""`agendador bench`: the engine on generated clinics of every size, as a table.

A benchmark, not a test: it prints what this machine did. For each size: model
size, build time, time to the first solution, the true objective (recomputed
from the allocations) and the bound at each checkpoint, the greedy baseline, and
how much of the distance between greedy and bound the solution closed. Then a
what-if row on m: block one room for a morning and re-solve from the previous
solution.

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
from solver.generate import generate
from solver.greedy import greedy_schedule
from solver.reach import lost_parts


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
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "---|" * len(header) + "\n")
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
        out.write("| " + " | ".join(cells) + " |\n")
        out.flush()
    return rows

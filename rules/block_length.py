"""H9 — Duração mínima do bloco: each maximal same-room run lasts ≥ `min_block_minutes`; times lie on the grain.

Premissas: ``professional:<id>:min_block_minutes`` for a run too short, ``grain``
for a start or end off the grid.
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_hours, fmt_time

ID = "H9"
LABEL = "Duração mínima do bloco"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    name = __name__.rsplit(".", 1)[-1]
    for a in schedule:
        if a.start % instance.grain or a.end % instance.grain:
            found.append(
                Inconsistency(
                    premissa="grain",
                    rule=name,
                    message=(
                        f"{instance.professionals[a.professional].name} está em {instance.rooms[a.room].name} "
                        f"({fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)}), fora da grade de "
                        f"{instance.grain} minutos."
                    ),
                    professional=a.professional,
                    room=a.room,
                    date=a.date,
                    start=a.start,
                    end=a.end,
                )
            )
    for pid, day in sorted(schedule.by_professional_date):
        prof = instance.professionals[pid]
        for run in schedule.runs(pid, day):
            if run.minutes >= prof.min_block_minutes:
                continue
            found.append(
                Inconsistency(
                    premissa=f"professional:{pid}:min_block_minutes",
                    rule=name,
                    message=(
                        f"{prof.name} tem um bloco de {fmt_hours(run.minutes)} em {instance.rooms[run.room].name} "
                        f"({fmt_date_pt(day)}, {fmt_time(run.start)}–{fmt_time(run.end)}); "
                        f"o mínimo é {fmt_hours(prof.min_block_minutes)}."
                    ),
                    professional=pid,
                    room=run.room,
                    date=day,
                    start=run.start,
                    end=run.end,
                )
            )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    """A run that starts at t covers the next k slots.

    Written as "the starts of the last k slots sum to at most y[t]" (one
    inequality per slot): on whole numbers the same as "a start forces the next
    k slots", and its linear relaxation is at least as tight with k-1 times
    fewer constraints. A start too close to the end of its stretch is 0.
    """
    for (pid, _uid), cells in m.cells.items():
        k = -(-m.instance.professionals[pid].min_block_minutes // m.grain)
        if k <= 1:
            continue
        premissa = f"professional:{pid}:min_block_minutes"
        starts = m.starts(cells)
        for t, start in starts.items():
            if any(t + i not in cells.vars for i in range(1, k)):
                m.add(premissa, start == 0)
        for t, var in cells.vars.items():
            window = [starts[x] for x in range(t - k + 1, t + 1) if x in starts]
            if len(window) > 1 or window[0] is not var:
                m.add(premissa, sum(window) <= var)


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """Always: slots are on the grain, and a run still too short may grow with the next placement
    (the warm start keeps a previous week piece by piece). `settle` removes the runs that never grew."""
    return True


def settle(week: PartialWeek) -> None:
    """Take out every unpinned run still shorter than its professional's minimum block."""
    for (pid, day), runs in list(week.runs.items()):
        k = -(-week.instance.professionals[pid].min_block_minutes // week.grain)
        for run in [r for r in runs if not r.pinned and r.length < k]:
            week.remove(pid, day, run)

"""Agenda fragmentada (soft): Σ over professional × date worked of (number of maximal same-room runs − 1).

Premissa: ``professional:<id>:fragments``.
"""
from __future__ import annotations

from rules.inconsistency import SOFT, Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

TERM = "fragments"
WEIGHT = 30  # the default weight of the term in the objective
LABEL = "Agenda fragmentada"


def value(instance: Instance, schedule: Schedule) -> int:
    return sum(
        len(schedule.runs(pid, day)) - 1 for pid, day in schedule.by_professional_date if instance.in_week(day)
    )


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for pid, day in sorted(schedule.by_professional_date):
        runs = schedule.runs(pid, day)
        if len(runs) < 2 or not instance.in_week(day):
            continue
        pieces = ", ".join(f"{instance.rooms[r.room].name} {fmt_time(r.start)}–{fmt_time(r.end)}" for r in runs)
        found.append(
            Inconsistency(
                premissa=f"professional:{pid}:fragments",
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{instance.professionals[pid].name} tem o dia partido em {len(runs)} blocos "
                    f"({fmt_date_pt(day)}): {pieces}."
                ),
                severity=SOFT,
                professional=pid,
                date=day,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m):
    terms = []
    for (pid, day), cells_list in m.by_prof_day.items():
        starts = [s for c in cells_list for s in m.starts(c).values()]
        if not starts:
            continue
        terms.append(sum(starts) - m.works(pid, day))
    return sum(terms)

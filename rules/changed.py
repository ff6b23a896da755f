"""Mudanças na agenda publicada (soft): minutes of `previous` allocations the new schedule does not keep.

A previous allocation's minute is kept when some new allocation of the same
professional, room and date covers it; entries of `previous` outside the week are
ignored. Premissa: ``previous:<index>`` (the position in the instance's ``previous``).
"""
from __future__ import annotations

from collections.abc import Iterator

from rules.inconsistency import SOFT, Inconsistency
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from rules.timeutil import Interval, fmt_date_pt, fmt_hours, fmt_time, subtract, union

TERM = "changed"
WEIGHT = 5  # the default weight of the term in the objective
LABEL = "Mudanças na agenda publicada"


def value(instance: Instance, schedule: Schedule) -> int:
    return sum(e - s for _i, _p, lost in _lost(instance, schedule) for s, e in lost)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for index, p, lost in _lost(instance, schedule):
        minutes = sum(e - s for s, e in lost)
        gaps = ", ".join(f"{fmt_time(s)}–{fmt_time(e)}" for s, e in lost)
        found.append(
            Inconsistency(
                premissa=f"previous:{index}",
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{instance.professionals[p.professional].name} estava em {instance.rooms[p.room].name} "
                    f"({fmt_date_pt(p.date)}, {fmt_time(p.start)}–{fmt_time(p.end)}) na agenda publicada; "
                    f"{fmt_hours(minutes)} mudaram ({gaps})."
                ),
                severity=SOFT,
                professional=p.professional,
                room=p.room,
                date=p.date,
                start=p.start,
                end=p.end,
            )
        )
    return found


def _lost(instance: Instance, schedule: Schedule) -> Iterator[tuple[int, Allocation, list[Interval]]]:
    """Each in-week previous allocation with the parts the schedule no longer keeps."""
    for index, p in enumerate(instance.previous):
        if not instance.in_week(p.date):
            continue
        same_day = schedule.by_professional_date.get((p.professional, p.date), [])
        kept = union([(a.start, a.end) for a in same_day if a.room == p.room])
        lost = subtract([(p.start, p.end)], kept)
        if lost:
            yield index, p, lost


# --------------------------------------------------------------------------- CP-SAT


def encode(m):
    const, terms = 0, []
    for prev in m.instance.previous:
        if not m.instance.in_week(prev.date) or prev.professional not in m.professionals:
            continue
        for t in range(prev.start // m.grain, -(-prev.end // m.grain)):
            const += m.grain
            var = m.cell(prev.professional, prev.room, prev.date, t)
            if var is not None:
                terms.append(var)
    return const - m.grain * sum(terms)

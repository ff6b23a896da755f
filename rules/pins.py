"""H12 — Escala fixa: every pin is kept, each of its minutes allocated to that professional in that room on that date.

A pin may be covered by one longer allocation or by several back-to-back ones.
Premissa: ``pin:<index>`` (the pin's position in the instance's ``pins``).
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time, subtract, union

ID = "H12"
LABEL = "Escala fixa"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for index, pin in enumerate(instance.pins):
        covered = union(
            [
                (a.start, a.end)
                for a in schedule.by_professional_date.get((pin.professional, pin.date), [])
                if a.room == pin.room
            ]
        )
        missing = subtract([(pin.start, pin.end)], covered)
        if not missing:
            continue
        gaps = ", ".join(f"{fmt_time(s)}–{fmt_time(e)}" for s, e in missing)
        found.append(
            Inconsistency(
                premissa=f"pin:{index}",
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"A escala fixa de {instance.professionals[pin.professional].name} em "
                    f"{instance.rooms[pin.room].name} ({fmt_date_pt(pin.date)}, "
                    f"{fmt_time(pin.start)}–{fmt_time(pin.end)}) não foi mantida: falta {gaps}."
                ),
                professional=pin.professional,
                room=pin.room,
                date=pin.date,
                start=pin.start,
                end=pin.end,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    for i, pin in enumerate(m.instance.pins):
        if pin.professional not in m.professionals:
            continue  # kept by the fixed background of a neighbourhood
        for t in range(pin.start // m.grain, -(-pin.end // m.grain)):
            var = m.cell(pin.professional, pin.room, pin.date, t)
            if var is None:
                m.impossible(f"pin:{i}")  # the pinned time was removed by a premissa
                continue
            m.add(f"pin:{i}", var == 1)


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """Always: a placement only adds time, so it never takes a pinned minute away (heuristics place pins first)."""
    return True

"""Fora da preferência (soft): minutes at a site outside `preferred_sites` + in a room outside `preferred_rooms`.

An empty preference list means no preference. A minute off both lists counts twice.
Premissas: ``professional:<id>:preferred_sites`` and ``professional:<id>:preferred_rooms``.
"""
from __future__ import annotations

from collections.abc import Iterator

from rules.inconsistency import SOFT, Inconsistency
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

TERM = "off_preference"
WEIGHT = 1  # the default weight of the term in the objective
LABEL = "Fora da preferência"


def value(instance: Instance, schedule: Schedule) -> int:
    return sum(a.minutes for a, _field in _off(instance, schedule))


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for a, field in _off(instance, schedule):
        prof, room = instance.professionals[a.professional], instance.rooms[a.room]
        where = f"na unidade {instance.sites[room.site].name}" if field == "preferred_sites" else f"em {room.name}"
        what = "unidades" if field == "preferred_sites" else "salas"
        found.append(
            Inconsistency(
                premissa=f"professional:{a.professional}:{field}",
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{prof.name} está {where} ({fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)}), "
                    f"fora das {what} de sua preferência."
                ),
                severity=SOFT,
                professional=a.professional,
                room=a.room,
                date=a.date,
                start=a.start,
                end=a.end,
            )
        )
    return found


def _off(instance: Instance, schedule: Schedule) -> Iterator[tuple[Allocation, str]]:
    """Each in-week allocation with each preference field it falls outside."""
    for a in schedule:
        if not instance.in_week(a.date):
            continue
        prof = instance.professionals[a.professional]
        if prof.preferred_sites and instance.room_site(a.room) not in prof.preferred_sites:
            yield a, "preferred_sites"
        if prof.preferred_rooms and a.room not in prof.preferred_rooms:
            yield a, "preferred_rooms"


# --------------------------------------------------------------------------- CP-SAT


def unit_cost(m, pid: str, unit) -> int:
    """Minutes off preference per slot in a model unit (a unit holding a preferred room counts as preferred)."""
    prof = m.instance.professionals[pid]
    cost = 0
    if prof.preferred_sites and unit.site not in prof.preferred_sites:
        cost += m.grain
    if prof.preferred_rooms and not (prof.preferred_rooms & set(unit.rooms)):
        cost += m.grain
    return cost


def encode(m):
    terms = []
    for (pid, _uid), cells in m.cells.items():
        cost = unit_cost(m, pid, cells.unit)
        if cost:
            terms.append(cost * sum(cells.vars.values()))
    return sum(terms)

"""H1 — Capacidade da sala: at every instant a room hosts at most `capacity` allocations."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Allocation, Instance
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import Interval, fmt_date_pt, fmt_time

ID = "H1"
LABEL = "Capacidade da sala"
# Findings depend on one room's allocations of one date (rules.catalogue.check_changed).
SCOPE = "room_day"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for (room_id, day), allocations in schedule.by_room_date.items():
        room = instance.rooms[room_id]
        for (start, end), peak, present in _overloads(allocations, room.capacity):
            names = ", ".join(dict.fromkeys(instance.professionals[a.professional].name for a in present))
            found.append(
                Inconsistency(
                    premissa=f"room:{room_id}:capacity",
                    rule=__name__.rsplit(".", 1)[-1],
                    message=(
                        f"{room.name} recebe {peak} atendimentos ao mesmo tempo "
                        f"({fmt_date_pt(day)}, {fmt_time(start)}–{fmt_time(end)}: {names}), "
                        f"mas comporta {room.capacity}."
                    ),
                    room=room_id,
                    date=day,
                    start=start,
                    end=end,
                )
            )
    return found


def _overloads(allocations: list[Allocation], capacity: int) -> list[tuple[Interval, int, list[Allocation]]]:
    """Maximal intervals where more than `capacity` allocations are present, with the peak and who is there."""
    # Sweep the elementary segments between consecutive start/end events; half-open
    # intervals mean an allocation ending at t and one starting at t never meet.
    events = sorted({t for a in allocations for t in (a.start, a.end)})
    out: list[tuple[Interval, int, list[Allocation]]] = []
    for left, right in zip(events, events[1:]):
        present = [a for a in allocations if a.start <= left and right <= a.end]
        if len(present) <= capacity:
            continue
        if out and out[-1][0][1] == left:
            (start, _), peak, before = out[-1]
            out[-1] = ((start, right), max(peak, len(present)), before + [a for a in present if a not in before])
        else:
            out.append(((left, right), len(present), present))
    return out


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    for (uid, t), cell_vars in m.by_unit_slot.items():
        unit = m.units[uid]
        capacity = m.capacity_at(uid, t)
        if len(cell_vars) > capacity:
            m.add(f"room:{unit.rooms[0]}:capacity", sum(cell_vars) <= capacity)


# --------------------------------------------------------------------------- heuristics


def open_slots(week: PartialWeek, room: str, day) -> list[bool]:
    """Per slot, whether the room still has a place (a heuristic's shortcut before `fits`)."""
    load = week.load.get((room, day))
    capacity = week.instance.rooms[room].capacity
    return [True] * week.slots if load is None else [n < capacity for n in load]


def fits(week: PartialWeek, p: Placement) -> bool:
    """No slot of the placement finds the room already full."""
    load = week.load.get((p.room, p.date))
    return load is None or max(load[p.start : p.end]) < week.instance.rooms[p.room].capacity

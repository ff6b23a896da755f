"""H2 — Sem sobreposição: a professional's allocations never overlap in time."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H2"
LABEL = "Sem sobreposição"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for (pid, day), allocations in schedule.by_professional_date.items():
        ordered = sorted(allocations, key=lambda a: (a.start, a.end))
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if second.start >= first.end:
                    break
                start, end = second.start, min(first.end, second.end)
                rooms = [instance.rooms[first.room].name, instance.rooms[second.room].name]
                where = f"em {rooms[0]} e {rooms[1]}" if rooms[0] != rooms[1] else f"duas vezes em {rooms[0]}"
                found.append(
                    Inconsistency(
                        premissa=f"professional:{pid}:overlap",
                        rule=__name__.rsplit(".", 1)[-1],
                        message=(
                            f"{instance.professionals[pid].name} está {where} ao mesmo tempo "
                            f"({fmt_date_pt(day)}, {fmt_time(start)}–{fmt_time(end)})."
                        ),
                        professional=pid,
                        room=first.room,
                        date=day,
                        start=start,
                        end=end,
                    )
                )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    for (pid, _d, _t), cell_vars in m.by_prof_slot.items():
        if len(cell_vars) > 1:
            m.add(f"professional:{pid}:overlap", sum(cell_vars) <= 1)


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """The professional is nowhere else during the placement."""
    busy = week.busy.get((p.professional, p.date))
    return busy is None or not any(busy[p.start : p.end])

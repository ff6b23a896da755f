"""H5 — Tipo de sala: the professional's `room_kind` is among the room's `kinds`."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H5"
LABEL = "Tipo de sala"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for a in schedule:
        if instance.room_fits(a.professional, a.room):
            continue
        prof, room = instance.professionals[a.professional], instance.rooms[a.room]
        kinds = ", ".join(room.kinds) or "nenhum tipo"
        found.append(
            Inconsistency(
                premissa=f"professional:{a.professional}:room_kind",
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{prof.name} precisa de sala do tipo {prof.room_kind}, mas está em {room.name} "
                    f"({kinds}) ({fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)})."
                ),
                professional=a.professional,
                room=a.room,
                date=a.date,
                start=a.start,
                end=a.end,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    inst = domain.instance
    for pid in inst.professionals:
        for room_id in inst.rooms:
            if not inst.room_fits(pid, room_id):
                domain.forbid_pair(f"professional:{pid}:room_kind", pid, room_id)

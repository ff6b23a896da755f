"""H6 — Bloqueio de sala: no allocation intersects a `room_block` rule."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.kinds import DAYS, WINDOW, RuleKind
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time, overlaps

ID = "H6"
LABEL = "Bloqueio de sala"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (RuleKind("room_block", "Bloqueio de sala", required=("room",), optional=(*DAYS, *WINDOW)),)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for a in schedule:
        for rule, window in instance.room_blocks(a.room, a.date):
            if overlaps((a.start, a.end), window):
                room = instance.rooms[a.room]
                found.append(
                    Inconsistency(
                        premissa=rule.id,
                        rule=__name__.rsplit(".", 1)[-1],
                        message=(
                            f"{instance.professionals[a.professional].name} está em {room.name} "
                            f"({fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)}), "
                            f"que está bloqueada: {rule.label}."
                        ),
                        professional=a.professional,
                        room=a.room,
                        date=a.date,
                        start=max(a.start, window[0]),
                        end=min(a.end, window[1]),
                    )
                )
    return found


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    inst = domain.instance
    for rule in inst.rules_of("room_block"):
        for day in inst.dates:
            if rule.applies_on(day):
                domain.forbid(rule.id, date=day, window=rule.window(), room=rule.room)

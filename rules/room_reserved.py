"""H7 — Reserva de sala: during a `room_reserved` window only the listed professionals use that room.

Where reservations overlap, a professional must be listed in every one covering
the instant; each reservation that leaves them out is reported on its own.
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.kinds import DAYS, WINDOW, RuleKind
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time, overlaps

ID = "H7"
LABEL = "Reserva de sala"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (
    RuleKind("room_reserved", "Sala reservada", required=("room", "professionals"), optional=(*DAYS, *WINDOW)),
)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for a in schedule:
        for rule, window in instance.reservations(a.room, a.date):
            if a.professional in rule.professionals or not overlaps((a.start, a.end), window):
                continue
            start, end = max(a.start, window[0]), min(a.end, window[1])
            found.append(
                Inconsistency(
                    premissa=rule.id,
                    rule=__name__.rsplit(".", 1)[-1],
                    message=(
                        f"{instance.professionals[a.professional].name} está em {instance.rooms[a.room].name} "
                        f"({fmt_date_pt(a.date)}, {fmt_time(start)}–{fmt_time(end)}), "
                        f"reservada para outros profissionais: {rule.label}."
                    ),
                    professional=a.professional,
                    room=a.room,
                    date=a.date,
                    start=start,
                    end=end,
                )
            )
    return found


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    inst = domain.instance
    for rule in inst.rules_of("room_reserved"):
        for day in inst.dates:
            if rule.applies_on(day):
                domain.forbid(rule.id, date=day, window=rule.window(), room=rule.room, allowed=rule.professionals)

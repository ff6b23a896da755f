"""H4 — Disponibilidade: each allocation lies within the availability and outside every `unavailable` rule.

Premissas: ``professional:<id>:availability`` (outside the windows the
professional gave) or the id of each `unavailable` rule the allocation meets.
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Allocation, Instance
from rules.kinds import DAYS, WINDOW, RuleKind
from rules.schedule import Schedule
from rules.timeutil import contains, fmt_date_pt, fmt_time, overlaps

ID = "H4"
LABEL = "Disponibilidade"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (RuleKind("unavailable", "Indisponibilidade do profissional", required=("professional",), optional=(*DAYS, *WINDOW)),)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    name = __name__.rsplit(".", 1)[-1]
    for a in schedule:
        windows = instance.availability(a.professional, a.date)
        if not contains(windows, (a.start, a.end)):
            given = ", ".join(f"{fmt_time(s)}–{fmt_time(e)}" for s, e in windows)
            found.append(
                Inconsistency(
                    premissa=f"professional:{a.professional}:availability",
                    rule=name,
                    message=(
                        f"{_who(instance, a)}, fora da disponibilidade informada ({given})."
                        if windows
                        else f"{_who(instance, a)}, mas não informou disponibilidade para esse dia."
                    ),
                    professional=a.professional,
                    room=a.room,
                    date=a.date,
                    start=a.start,
                    end=a.end,
                )
            )
        for rule, window in instance.unavailable(a.professional, a.date):
            if overlaps((a.start, a.end), window):
                found.append(
                    Inconsistency(
                        premissa=rule.id,
                        rule=name,
                        message=f"{_who(instance, a)}, mas está indisponível: {rule.label}.",
                        professional=a.professional,
                        room=a.room,
                        date=a.date,
                        start=max(a.start, window[0]),
                        end=min(a.end, window[1]),
                    )
                )
    return found


def _who(instance: Instance, a: Allocation) -> str:
    """Who is where, as a message names it (built only for an allocation found wrong)."""
    return (
        f"{instance.professionals[a.professional].name} está em {instance.rooms[a.room].name} "
        f"({fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)})"
    )


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    inst = domain.instance
    for pid, prof in inst.professionals.items():
        for day in inst.dates:
            if prof.availability:
                domain.forbid_outside(
                    f"professional:{pid}:availability", date=day, windows=inst.availability(pid, day), professional=pid
                )
            for rule, window in inst.unavailable(pid, day):
                domain.forbid(rule.id, date=day, window=window, professional=pid)

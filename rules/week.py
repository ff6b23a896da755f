"""H13 — Semana: every allocation's date lies in the 7 days from `week_start`."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H13"
LABEL = "Semana"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    first, last = instance.dates[0], instance.dates[-1]
    return [
        Inconsistency(
            premissa="week",
            rule=__name__.rsplit(".", 1)[-1],
            message=(
                f"{instance.professionals[a.professional].name} está em {instance.rooms[a.room].name} em "
                f"{a.date:%d/%m/%Y} ({fmt_time(a.start)}–{fmt_time(a.end)}), fora da semana de "
                f"{fmt_date_pt(first)} a {fmt_date_pt(last)}."
            ),
            professional=a.professional,
            room=a.room,
            date=a.date,
            start=a.start,
            end=a.end,
        )
        for a in schedule
        if not instance.in_week(a.date)
    ]


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    """H13 holds by construction: the model only has the week's seven dates."""

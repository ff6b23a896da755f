"""H3 — Horário de funcionamento: each allocation lies within its site's opening hours, on a day it opens.

Premissas: ``site:<id>:opening_hours`` (outside the hours, or a weekday the site
does not open), ``site:<id>:closed_dates`` or the `site_closed` rule's id.
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Allocation, Instance
from rules.kinds import RuleKind
from rules.schedule import Schedule
from rules.timeutil import WEEKDAY_PT, contains, fmt_date_pt, fmt_time, weekday_of

ID = "H3"
LABEL = "Horário de funcionamento"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (RuleKind("site_closed", "Unidade fechada", required=("site", "date")),)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for a in schedule:
        site = instance.sites[instance.room_site(a.room)]
        who = (
            f"{instance.professionals[a.professional].name} está na unidade {site.name} "
            f"({instance.rooms[a.room].name}, {fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)})"
        )
        closed_by = instance.site_closed_by(site.id, a.date)
        if closed_by is not None:
            rule = next((r for r in instance.rules if r.id == closed_by), None)
            reason = rule.label if rule is not None else "data de fechamento da unidade"
            found.append(_found(closed_by, f"{who}, que está fechada nesse dia: {reason}.", a))
            continue
        hours = site.opening_hours.get(weekday_of(a.date))
        if hours is None:
            found.append(
                _found(
                    f"site:{site.id}:opening_hours",
                    f"{who}, que não abre {_on_weekdays(weekday_of(a.date))}.",
                    a,
                )
            )
        elif not contains([hours], (a.start, a.end)):
            found.append(
                _found(
                    f"site:{site.id}:opening_hours",
                    f"{who}, fora do horário de funcionamento ({fmt_time(hours[0])}–{fmt_time(hours[1])}).",
                    a,
                )
            )
    return found


def _on_weekdays(weekday: str) -> str:
    return f"{'aos' if weekday in ('sat', 'sun') else 'às'} {WEEKDAY_PT[weekday]}s"


def _found(premissa: str, message: str, a: Allocation) -> Inconsistency:
    return Inconsistency(
        premissa=premissa,
        rule=__name__.rsplit(".", 1)[-1],
        message=message,
        professional=a.professional,
        room=a.room,
        date=a.date,
        start=a.start,
        end=a.end,
    )


# --------------------------------------------------------------------------- CP-SAT


def restrict(domain) -> None:
    inst = domain.instance
    for site_id in inst.sites:
        for day in inst.dates:
            closed = inst.site_closed_by(site_id, day)
            if closed is not None:
                domain.forbid(closed, date=day, site=site_id)
                continue
            window = inst.opening(site_id, day)
            domain.forbid_outside(f"site:{site_id}:opening_hours", date=day, windows=[window] if window else [], site=site_id)

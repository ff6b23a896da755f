"""H11 — Unidades por dia: a professional works at no more than `value` distinct sites on one date."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.kinds import DAYS, WINDOW, RuleKind
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt

ID = "H11"
LABEL = "Unidades por dia"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (RuleKind("max_sites_per_day", "Máximo de unidades por dia", required=("value",), optional=("professional", *DAYS)),)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for (pid, day), allocations in schedule.by_professional_date.items():
        limit = instance.max_sites(pid, day)
        sites = list(dict.fromkeys(instance.room_site(a.room) for a in sorted(allocations, key=lambda a: a.start)))
        if limit is None or len(sites) <= limit[0]:
            continue
        value, rule_id = limit
        rule = next(r for r in instance.rules if r.id == rule_id)
        names = ", ".join(instance.sites[s].name for s in sites)
        found.append(
            Inconsistency(
                premissa=rule_id,
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{instance.professionals[pid].name} trabalha em {len(sites)} unidades ({names}) "
                    f"em {fmt_date_pt(day)}, mas o limite é {value}: {rule.label}."
                ),
                professional=pid,
                date=day,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    inst = m.instance
    for (pid, day) in list(m.by_prof_day):
        limit = inst.max_sites(pid, day)
        sites = m.sites_of_day(pid, day)
        if limit is None or len(sites) <= limit[0]:
            continue
        m.add(limit[1], sum(m.at_site(pid, s, day) for s in sites) <= limit[0])


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """The placement's site keeps the professional within the day's limit of sites."""
    limit = week.instance.max_sites(p.professional, p.date)
    if limit is None:
        return True
    runs = week.runs.get((p.professional, p.date), ())
    sites = {week.instance.room_site(r.room) for r in runs} | {week.instance.room_site(p.room)}
    return len(sites) <= limit[0]

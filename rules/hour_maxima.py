"""H8 — Máximo de horas: weekly total ≤ max weekly hours; each date's total ≤ max daily hours.

Premissas: whichever set the tightest maximum — ``professional:<id>:max_weekly_hours``,
``professional:<id>:max_daily_hours`` or an `hours_limit` rule's id.
"""
from __future__ import annotations

from collections import defaultdict

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.kinds import RuleKind
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_hours

ID = "H8"
LABEL = "Máximo de horas"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
# An hours_limit also raises a minimum (read by below_min): the tightest figure holds, see Instance.limits.
KINDS = (
    RuleKind(
        "hours_limit",
        "Limite de horas",
        optional=("professional", "max_weekly_hours", "max_daily_hours", "min_weekly_hours"),
    ),
)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    name = __name__.rsplit(".", 1)[-1]
    days_of: dict[str, list] = defaultdict(list)  # each professional's dates, from the schedule's index
    for who, day in schedule.by_professional_date:
        days_of[who].append(day)
    for pid, prof in instance.professionals.items():
        limits = instance.limits(pid)
        days = sorted(days_of.get(pid, ()))
        weekly = sum(
            a.minutes for day in days if instance.in_week(day) for a in schedule.by_professional_date[(pid, day)]
        )
        if limits.max_weekly is not None and weekly > limits.max_weekly:
            found.append(
                Inconsistency(
                    premissa=limits.max_weekly_source,
                    rule=name,
                    message=(
                        f"{prof.name} tem {fmt_hours(weekly)} na semana, acima do máximo de "
                        f"{fmt_hours(limits.max_weekly)} ({_source(instance, limits.max_weekly_source)})."
                    ),
                    professional=pid,
                )
            )
        if limits.max_daily is None:
            continue
        for day in days:
            daily = sum(a.minutes for a in schedule.by_professional_date[(pid, day)])
            if daily > limits.max_daily:
                found.append(
                    Inconsistency(
                        premissa=limits.max_daily_source,
                        rule=name,
                        message=(
                            f"{prof.name} tem {fmt_hours(daily)} em {fmt_date_pt(day)}, acima do máximo diário de "
                            f"{fmt_hours(limits.max_daily)} ({_source(instance, limits.max_daily_source)})."
                        ),
                        professional=pid,
                        date=day,
                    )
                )
    return found


def _source(instance: Instance, premissa: str) -> str:
    rule = next((r for r in instance.rules if r.id == premissa), None)
    return rule.label if rule is not None else "cadastro do profissional"


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    inst = m.instance
    for pid in m.professionals:
        limits = inst.limits(pid)
        if limits.max_weekly is not None:
            m.add(limits.max_weekly_source, m.minutes(pid) <= limits.max_weekly)
        if limits.max_daily is not None:
            for day in inst.dates:
                if m.by_prof_day.get((pid, day)):
                    m.add(limits.max_daily_source, m.day_minutes(pid, day) <= limits.max_daily)


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """The placement's minutes keep the week's and the date's totals within the maxima."""
    limits = week.instance.limits(p.professional)
    minutes = (p.end - p.start) * week.grain
    if limits.max_weekly is not None and week.week_minutes.get(p.professional, 0) + minutes > limits.max_weekly:
        return False
    daily = week.day_minutes.get((p.professional, p.date), 0)
    return limits.max_daily is None or daily + minutes <= limits.max_daily

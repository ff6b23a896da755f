"""Abaixo do mínimo (soft): Σ over professionals of the minutes missing to reach their minimum weekly hours.

Premissa of each inconsistency: whichever set the minimum — ``professional:<id>:min_weekly_hours``
or the `hours_limit` rule that raised it.
"""
from __future__ import annotations

from rules.inconsistency import SOFT, Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_hours

TERM = "below_min"
WEIGHT = 100  # the default weight of the term in the objective
LABEL = "Abaixo do mínimo de horas"


def week_minutes(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Per professional, the minutes allocated in the week (`m` of the objective terms)."""
    minutes = {pid: 0 for pid in instance.professionals}
    for a in schedule:
        if a.professional in minutes and instance.in_week(a.date):
            minutes[a.professional] += a.minutes
    return minutes


def shortfalls(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Per professional, max(0, minimum − minutes allocated in the week)."""
    return {pid: max(0, instance.limits(pid).min_weekly - m) for pid, m in week_minutes(instance, schedule).items()}


def value(instance: Instance, schedule: Schedule) -> int:
    return sum(shortfalls(instance, schedule).values())


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for pid, missing in shortfalls(instance, schedule).items():
        if not missing:
            continue
        minimum = instance.limits(pid).min_weekly
        found.append(
            Inconsistency(
                premissa=instance.limits(pid).min_weekly_source,
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{instance.professionals[pid].name} tem {fmt_hours(minimum - missing)} na semana, "
                    f"abaixo do mínimo de {fmt_hours(minimum)} (faltam {fmt_hours(missing)})."
                ),
                severity=SOFT,
                professional=pid,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m):
    out = []
    for pid in m.professionals:
        need = m.instance.limits(pid).min_weekly
        if need <= 0:
            continue
        var = m.model.new_int_var(0, need, f"below_min[{pid}]")
        m.model.add(var >= need - m.minutes(pid))
        m.aux.setdefault("below_min", {})[pid] = var
        out.append(var)
    return sum(out)


def hint(m, minutes: dict[str, int]) -> None:
    """Hint the shortfall variables from the minutes a schedule gives each professional."""
    for pid, var in m.aux.get("below_min", {}).items():
        m.model.add_hint(var, max(0, m.instance.limits(pid).min_weekly - minutes.get(pid, 0)))

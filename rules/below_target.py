"""Abaixo da meta (soft): Σ over professionals of the minutes missing to reach their target weekly hours."""
from __future__ import annotations

from rules.below_min import week_minutes
from rules.inconsistency import SOFT, Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_hours

TERM = "below_target"
WEIGHT = 10  # the default weight of the term in the objective
LABEL = "Abaixo da meta de horas"


def shortfalls(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Per professional, max(0, target − minutes allocated in the week)."""
    return {pid: max(0, instance.limits(pid).target_weekly - m) for pid, m in week_minutes(instance, schedule).items()}


def value(instance: Instance, schedule: Schedule) -> int:
    return sum(shortfalls(instance, schedule).values())


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    return [
        shortfall_found(instance, pid, missing, __name__.rsplit(".", 1)[-1])
        for pid, missing in shortfalls(instance, schedule).items()
        if missing
    ]


def shortfall_found(instance: Instance, pid: str, missing: int, rule: str, *, worst: bool = False) -> Inconsistency:
    """The soft inconsistency of a professional missing `missing` minutes to their target."""
    target = instance.limits(pid).target_weekly
    lead = "é quem fica mais abaixo da meta: tem" if worst else "tem"
    return Inconsistency(
        premissa=f"professional:{pid}:target_weekly_hours",
        rule=rule,
        message=(
            f"{instance.professionals[pid].name} {lead} {fmt_hours(target - missing)} na semana, "
            f"abaixo da meta de {fmt_hours(target)} (faltam {fmt_hours(missing)})."
        ),
        severity=SOFT,
        professional=pid,
    )


# --------------------------------------------------------------------------- CP-SAT


def shortfall_vars(m) -> dict:
    """Per professional of the model, a variable ≥ target − minutes (≥ 0); made once, shared with
    `worst_below_target`, which calls this itself: neither depends on the order the terms are encoded in."""
    if "below_target" not in m.aux:
        out = {}
        for pid in sorted(m.professionals):
            need = m.instance.limits(pid).target_weekly
            if need <= 0:
                continue
            var = m.model.new_int_var(0, need, f"below_target[{pid}]")
            m.model.add(var >= need - m.minutes(pid))
            out[pid] = var
        m.aux["below_target"] = out
    return m.aux["below_target"]


def encode(m):
    return sum(shortfall_vars(m).values())


def hint(m, minutes: dict[str, int]) -> None:
    """Hint the shortfall variables from the minutes a schedule gives each professional."""
    for pid, var in m.aux.get("below_target", {}).items():
        m.model.add_hint(var, max(0, m.instance.limits(pid).target_weekly - minutes.get(pid, 0)))

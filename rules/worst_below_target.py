"""Pior distância da meta (soft): the largest shortfall below target of any one professional (0 if none)."""
from __future__ import annotations

from rules.below_target import shortfall_found, shortfall_vars, shortfalls
from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule

TERM = "worst_below_target"
WEIGHT = 10  # the default weight of the term in the objective
LABEL = "Pior distância da meta"


def value(instance: Instance, schedule: Schedule) -> int:
    return max(shortfalls(instance, schedule).values(), default=0)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    """The professional(s) furthest below target, one inconsistency each."""
    missing = shortfalls(instance, schedule)
    worst = max(missing.values(), default=0)
    if not worst:
        return []
    rule = __name__.rsplit(".", 1)[-1]
    return [shortfall_found(instance, pid, m, rule, worst=True) for pid, m in missing.items() if m == worst]


# --------------------------------------------------------------------------- CP-SAT


def encode(m):
    targets = [m.instance.limits(p).target_weekly for p in m.instance.professionals]
    # Professionals outside the model (a neighbourhood's fixed background) set a floor.
    worst = m.model.new_int_var(min(m.worst_floor, max(targets + [0])), max(targets + [0]), "worst_below_target")
    for var in shortfall_vars(m).values():
        m.model.add(worst >= var)
    m.aux["worst_below_target"] = worst
    return worst


def hint(m, minutes: dict[str, int]) -> None:
    """Hint the worst shortfall (professionals outside a neighbourhood set its floor)."""
    if "worst_below_target" in m.aux:
        worst = max((max(0, m.instance.limits(pid).target_weekly - minutes.get(pid, 0)) for pid in m.aux.get("below_target", {})), default=0)
        m.model.add_hint(m.aux["worst_below_target"], max(worst, m.worst_floor))

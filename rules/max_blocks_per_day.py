"""H14 — Blocos por dia: a professional works in at most `value` separate blocks on one date.

A block is a maximal run of back-to-back allocations in one room, as H9 and `fragments` count
them: a gap or a change of room starts a new one. Premissa: the tightest `max_blocks_per_day`
rule that applies (without `professional` it holds for everyone).
"""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.kinds import DAYS, RuleKind
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H14"
LABEL = "Blocos por dia"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"
KINDS = (
    RuleKind("max_blocks_per_day", "Máximo de blocos por dia", required=("value",), optional=("professional", *DAYS)),
)


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for pid, day in sorted(schedule.by_professional_date):
        limit = instance.tightest("max_blocks_per_day", pid, day)
        runs = schedule.runs(pid, day)
        if limit is None or len(runs) <= limit[0]:
            continue
        value, rule_id = limit
        rule = next(r for r in instance.rules if r.id == rule_id)
        blocks = ", ".join(f"{fmt_time(r.start)}–{fmt_time(r.end)}" for r in runs)
        found.append(
            Inconsistency(
                premissa=rule_id,
                rule=__name__.rsplit(".", 1)[-1],
                message=(
                    f"{instance.professionals[pid].name} tem {len(runs)} blocos em {fmt_date_pt(day)} ({blocks}), "
                    f"mas o limite é {value}: {rule.label}."
                ),
                professional=pid,
                date=day,
            )
        )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    """The day's run starts, over every unit the professional may use, sum to at most `value`."""
    for (pid, day), cells_list in list(m.by_prof_day.items()):
        limit = m.instance.tightest("max_blocks_per_day", pid, day)
        if limit is None:
            continue
        m.add(limit[1], sum(s for cells in cells_list for s in m.starts(cells).values()) <= limit[0])


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """The placement starts no block beyond the limit (joining a run it touches starts none)."""
    limit = week.instance.tightest("max_blocks_per_day", p.professional, p.date)
    if limit is None:
        return True
    runs = week.runs.get((p.professional, p.date), ())
    return len(runs) + 1 - len(week.touching(p)) <= limit[0]

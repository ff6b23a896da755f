"""The premissa catalogue: every rule module, hard premissas first, then objective terms.

A hard module exposes ``ID`` (H1..H13), ``LABEL`` (pt-BR), ``check(instance, schedule)``
and optionally ``restrict(model)`` (removes impossible cells before variables exist)
and ``encode(model)`` (adds constraints). A soft module exposes ``TERM``, ``LABEL``,
``value(instance, schedule) -> int``, ``check`` (soft inconsistencies) and
``encode(model) -> linear expression``. Adding a premissa = one module + its tests +
one line here.
"""
from __future__ import annotations

from types import ModuleType

from rules import (
    availability,
    below_min,
    below_target,
    block_length,
    changed,
    fragments,
    hour_maxima,
    no_overlap,
    off_preference,
    opening_hours,
    pins,
    room_block,
    room_capacity,
    room_kind,
    room_reserved,
    sites_per_day,
    travel_time,
    week,
    worst_below_target,
)
from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule

# Hard
HARD: tuple[ModuleType, ...] = (
    room_capacity,  # H1
    no_overlap,  # H2
    opening_hours,  # H3
    availability,  # H4
    room_kind,  # H5
    room_block,  # H6
    room_reserved,  # H7
    hour_maxima,  # H8
    block_length,  # H9
    travel_time,  # H10
    sites_per_day,  # H11
    pins,  # H12
    week,  # H13
)

# Soft
SOFT: tuple[ModuleType, ...] = (
    below_min,
    below_target,
    worst_below_target,
    off_preference,
    changed,
    fragments,
)

TERMS: tuple[str, ...] = tuple(m.TERM for m in SOFT)


def check_all(instance: Instance, schedule: Schedule, *, soft: bool = False) -> list[Inconsistency]:
    """Every hard inconsistency of a schedule (and the soft ones when asked)."""
    found: list[Inconsistency] = []
    for module in HARD:
        found.extend(module.check(instance, schedule))
    if soft:
        for module in SOFT:
            found.extend(module.check(instance, schedule))
    return found


def terms(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Each objective term of a schedule, recomputed from its allocations."""
    return {m.TERM: m.value(instance, schedule) for m in SOFT}


def objective(instance: Instance, values: dict[str, int]) -> int:
    return sum(instance.weights[t] * v for t, v in values.items())


def score(instance: Instance, schedule: Schedule) -> tuple[int, dict[str, int]]:
    """The objective of a schedule and its terms, recomputed from its allocations."""
    values = terms(instance, schedule)
    return objective(instance, values), values

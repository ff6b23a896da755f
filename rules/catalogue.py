"""The premissa catalogue: every rule module, hard premissas first, then objective terms.

A hard module exposes ``ID`` (H1, H2, …), ``LABEL`` (pt-BR), ``check(instance, schedule)``
(no solver), and either ``restrict(domain)`` (it only forbids time: removes impossible cells
before variables exist, and heuristics read the same domain) or both ``encode(model)`` (adds
CP-SAT constraints) and ``fits(week, placement)`` (may a heuristic place this, see
`rules.partial`); optionally ``settle(week)`` and ``SCOPE`` (what its findings depend on, see
`check_changed`; without it the module is judged on the whole week). A soft module exposes ``TERM``, ``LABEL``,
``WEIGHT`` (its default weight), ``value(instance, schedule) -> int``, ``check`` (soft
inconsistencies) and ``encode(model) -> linear expression``. A module that reads typed rules
declares their kinds in ``KINDS`` (`rules.kinds`). Adding a premissa = one module + its paired
tests (tests/rules/test_<module>.py) + one line here; tests/rules/test_conformance.py says
what is missing.
"""
from __future__ import annotations

import dataclasses
import importlib
from types import ModuleType

from rules.inconsistency import ACCEPTED, Inconsistency
from rules.instance import Allocation, Instance
from rules.kinds import RuleKind
from rules.schedule import Schedule
from rules.timeutil import contains


def _load(*names: str) -> tuple[ModuleType, ...]:
    """The rule modules by name: one line below per premissa is all the catalogue needs."""
    return tuple(importlib.import_module(f"rules.{name}") for name in names)


# Hard
HARD: tuple[ModuleType, ...] = _load(
    "room_capacity",  # H1
    "no_overlap",  # H2
    "opening_hours",  # H3
    "availability",  # H4
    "room_kind",  # H5
    "room_block",  # H6
    "room_reserved",  # H7
    "hour_maxima",  # H8
    "block_length",  # H9
    "travel_time",  # H10
    "sites_per_day",  # H11
    "pins",  # H12
    "week",  # H13
    "max_blocks_per_day",  # H14
)

# Soft
SOFT: tuple[ModuleType, ...] = _load(
    "below_min",
    "below_target",
    "worst_below_target",
    "off_preference",
    "changed",
    "fragments",
)

TERMS: tuple[str, ...] = tuple(m.TERM for m in SOFT)
DEFAULT_WEIGHTS: dict[str, int] = {m.TERM: m.WEIGHT for m in SOFT}


def _rule_kinds() -> dict[str, RuleKind]:
    out: dict[str, RuleKind] = {}
    for module in HARD + SOFT:
        for kind in getattr(module, "KINDS", ()):
            if kind.kind in out:
                raise ValueError(f"rule kind {kind.kind} declared twice (again in {module.__name__})")
            out[kind.kind] = kind
    return out


# Every typed premissa kind, from the module that reads it: the schema, the parser and the web shell derive from it.
RULE_KINDS: dict[str, RuleKind] = _rule_kinds()


# The premissas that only forbid time (they have a `restrict`): an accepted pin wins over these.
CELL_LEVEL: tuple[ModuleType, ...] = tuple(m for m in HARD if hasattr(m, "restrict"))

# What a heuristic asks before each placement (the cell-level premissas answer through the domain their
# `restrict` built), and what tidies a partial week once placing is done (rules.partial).
FITS: tuple = tuple(m.fits for m in HARD if hasattr(m, "fits"))
SETTLE: tuple = tuple(m.settle for m in HARD if hasattr(m, "settle"))
# Optional shortcuts: per slot of a room's day, whether a placement there could still fit (fits judges).
OPEN_SLOTS: tuple = tuple(m.open_slots for m in HARD if hasattr(m, "open_slots"))


def check_all(
    instance: Instance, schedule: Schedule, *, soft: bool = False, accepted: bool = False
) -> list[Inconsistency]:
    """Every hard inconsistency of a schedule (and the soft ones when asked).

    A cell-level premissa broken only inside pins the coordinator accepted is not hard: it is
    left out, or reported with severity "accepted" when `accepted` is asked (the panel's view).
    """
    found: list[Inconsistency] = []
    for module in HARD:
        if module in CELL_LEVEL:
            found.extend(check_cells(instance, schedule, modules=(module,), accepted=accepted))
        else:
            found.extend(module.check(instance, schedule))
    if soft:
        for module in SOFT:
            found.extend(module.check(instance, schedule))
    return found


# What a hard module's findings can depend on, declared as its optional ``SCOPE``:
# "professional": one professional's allocations, and each finding names that professional;
# "room_day": the allocations in one room on one date, and each finding names both.
SCOPES = ("professional", "room_day")


def check_changed(instance: Instance, schedule: Schedule, professionals: set[str]) -> list[Inconsistency]:
    """What `check_all` finds in a schedule whose allocations, but for those of `professionals`,
    are the consistent ones of an earlier schedule.

    Only a finding these professionals' allocations take part in can be new, so each module
    judges the least of the week that can hold one: their own weeks for a "professional" module,
    the room days they use for a "room_day" one, the whole week for a module declaring no
    ``SCOPE``. The neighbourhood search checks each offer so (tests/rules/test_check_changed.py
    holds it to `check_all`).
    """
    mine = Schedule(a for a in schedule if a.professional in professionals)
    used = {(a.room, a.date) for a in mine}
    parts = {
        "professional": mine,
        "room_day": Schedule(a for a in schedule if (a.room, a.date) in used),
    }
    found: list[Inconsistency] = []
    for module in HARD:
        scope = getattr(module, "SCOPE", None)
        part = parts.get(scope, schedule)
        if module in CELL_LEVEL:
            judged = check_cells(instance, part, modules=(module,))
        else:
            judged = module.check(instance, part)
        if scope == "professional":  # e.g. a pin of someone else, absent from `mine` but not from the week
            judged = [i for i in judged if i.professional in professionals]
        found.extend(judged)
    return found


def check_cells(
    instance: Instance,
    schedule: Schedule,
    *,
    modules: tuple[ModuleType, ...] = CELL_LEVEL,
    accepted: bool = False,
) -> list[Inconsistency]:
    """What the cell-level premissas find (each allocation judged alone), accepted pins set aside as in `check_all`."""
    if not instance.has_accepted_pins:
        return [i for module in modules for i in module.check(instance, schedule)]
    pieces = _split_at_accepted(instance, schedule)
    found = []
    for module in modules:
        for i in module.check(instance, pieces):
            if not _inside_accepted(instance, i):
                found.append(i)
            elif accepted:
                found.append(dataclasses.replace(i, severity=ACCEPTED))
    return found


def _split_at_accepted(instance: Instance, schedule: Schedule) -> Schedule:
    """The schedule with each allocation cut where accepted pins begin and end.

    Cell-level premissas judge each minute alone, so the pieces break exactly what the whole did;
    each piece lies either wholly inside accepted time or wholly outside it.
    """
    out: list[Allocation] = []
    for a in schedule:
        windows = instance.accepted_windows(a.professional, a.room, a.date)
        if not windows:
            out.append(a)
            continue
        cuts = sorted({a.start, a.end} | {t for w in windows for t in w if a.start < t < a.end})
        out.extend(dataclasses.replace(a, start=s, end=e) for s, e in zip(cuts, cuts[1:]))
    return Schedule(out)


def _inside_accepted(instance: Instance, i: Inconsistency) -> bool:
    if i.professional is None or i.room is None or i.date is None or i.start is None:
        return False
    windows = instance.accepted_windows(i.professional, i.room, i.date)
    return contains(windows, (i.start, i.end))


def terms(instance: Instance, schedule: Schedule) -> dict[str, int]:
    """Each objective term of a schedule, recomputed from its allocations."""
    return {m.TERM: m.value(instance, schedule) for m in SOFT}


def objective(instance: Instance, values: dict[str, int]) -> int:
    return sum(instance.weights[t] * v for t, v in values.items())


def score(instance: Instance, schedule: Schedule) -> tuple[int, dict[str, int]]:
    """The objective of a schedule and its terms, recomputed from its allocations."""
    values = terms(instance, schedule)
    return objective(instance, values), values

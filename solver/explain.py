"""Why an instance is infeasible: named premissas that cannot hold together.

Without pins the empty week breaks no hard premissa, so infeasibility always
comes from what is placed by decision: pins (accepted or not) and, in a strict
minimal-change re-solve, the previous allocations forced in. The explanation
model therefore holds only those professionals, in those rooms, on those
dates — every cell of those days, each placed allocation kept behind its own
assumption literal (`pin:<i>`, `previous:<i>`), with each forbidden cell zeroed behind its premissa's assumption
literal and every constraint guarded by its own. One worker, no objective
(objectives and assumptions don't mix in CP-SAT). Each core CP-SAT returns is
shrunk by deletion until it is minimal; then one of its pins is set aside and
the search repeats, so independent clashes are all reported.
"""
from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from rules.instance import Allocation, Instance
from rules.timeutil import fmt_date_pt, fmt_hours, fmt_time
from solver.domain import Domain
from solver.model import ScheduleModel, encode_hard

MAX_CONFLICTS = 5
# What a schedule places by decision, not by search: named `<kind>:<index>`, listed first in a conflict.
PLACED = ("pin", "previous", "forced")


def _scope(instance: Instance, forced: Sequence[Allocation] = ()) -> dict:
    placed = [*instance.pins, *forced]
    return {(a.professional, a.room, a.date): None for a in placed if instance.in_week(a.date)}


def forced_names(instance: Instance, forced: Sequence[Allocation]) -> dict[str, Allocation]:
    """Each allocation a re-solve forces in, named `previous:<index>` after the entry of `previous` it keeps."""
    names: dict[str, Allocation] = {}
    for j, part in enumerate(forced):
        index = next(
            (
                i
                for i, p in enumerate(instance.previous)
                if (p.professional, p.room, p.date) == (part.professional, part.room, part.date)
                and p.start <= part.start and part.end <= p.end
            ),
            None,
        )
        name = f"previous:{index}" if index is not None else f"forced:{j}"
        if name in names:
            name = f"forced:{j}"
        names[name] = part
    return names


def _force(m: ScheduleModel, name: str, allocation: Allocation) -> None:
    """Every minute of the allocation stays, behind its own assumption literal."""
    for t in range(allocation.start // m.grain, -(-allocation.end // m.grain)):
        var = m.cell(allocation.professional, allocation.room, allocation.date, t)
        if var is None:
            m.impossible(name)
            continue
        m.add(name, var == 1)


def pins_feasible(instance: Instance, domain: Domain, time_limit: float = 10.0) -> bool:
    """Whether the pins can hold together (then the whole instance is feasible)."""
    if any(not instance.in_week(pin.date) for pin in instance.pins):
        return False
    m = ScheduleModel(instance, domain, explain=True, scope=_scope(instance))
    m.zero_forbidden_cells()
    encode_hard(m)
    m.model.add_assumptions(list(m.literals.values()))
    return _feasibility_solver(time_limit).solve(m.model) != cp_model.INFEASIBLE


def _feasibility_solver(time_limit: float) -> cp_model.CpSolver:
    """A solver for "can these premissas hold together?" under assumptions. Without presolve
    and without a linear relaxation: propagation alone finds these clashes (pins against a
    block, a maximum, a closed unit), and an explanation on a week of 400 pinned
    professionals took 0.7 s instead of 4 s, with the same conflicts."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 0
    solver.parameters.catch_sigint_signal = False  # else CP-SAT resets Ctrl-C to kill the process (solver.stop)
    return solver


def explain(
    instance: Instance, domain: Domain, time_limit: float = 10.0, forced: Sequence[Allocation] = ()
) -> list[dict]:
    """Small sets of premissas that cannot hold together.

    `forced` are allocations a re-solve keeps whatever happens (a strict minimal-change
    freeze): each is named `previous:<index>` and may be part of a clash like a pin."""
    conflicts: list[dict] = []
    outside = [f"pin:{i}" for i, pin in enumerate(instance.pins) if not instance.in_week(pin.date)]
    for name in outside:
        conflicts.append({"rules": [name], "message": describe(instance, name).capitalize() + " cai fora da semana."})
    named = forced_names(instance, [a for a in forced if instance.in_week(a.date)])
    scope = _scope(instance, list(named.values()))
    if not scope:
        return conflicts

    m = ScheduleModel(instance, domain, explain=True, scope=scope)
    m.zero_forbidden_cells()
    encode_hard(m)
    for name, allocation in named.items():
        _force(m, name, allocation)
    active = {name: lit for name, lit in m.literals.items() if name not in outside}  # already reported

    def infeasible(names: list[str]) -> tuple[bool, list[str]]:
        solver = _feasibility_solver(time_limit)
        m.model.clear_assumptions()
        m.model.add_assumptions([active[n] for n in names])
        status = solver.solve(m.model)
        if status != cp_model.INFEASIBLE:
            return False, []
        core_idx = set(solver.sufficient_assumptions_for_infeasibility())
        return True, [n for n in names if active[n].index in core_idx]

    while len(conflicts) < MAX_CONFLICTS:
        is_infeasible, core = infeasible(sorted(active))
        if not is_infeasible:
            break
        core = core or sorted(active)
        for name in list(core):  # deletion filter: keep only what the clash needs
            trial = [n for n in core if n != name]
            still, smaller = infeasible(trial)
            if still:
                core = smaller or trial
        core = sorted(core, key=_order)
        conflicts.append({"rules": core, "message": message(instance, core, named)})
        # Set one pin or forced allocation of the clash aside (or the first premissa) and look for another.
        aside = next((n for n in core if n.split(":")[0] in PLACED), core[0])
        active.pop(aside, None)
    m.model.clear_assumptions()
    return conflicts


def _order(name: str) -> tuple:
    kind = name.split(":")[0]
    if kind in PLACED:
        return (PLACED.index(kind), int(name.split(":")[1]))
    return (len(PLACED), name)


def _where(instance: Instance, a: Allocation) -> str:
    room = instance.rooms[a.room]
    return (
        f"{instance.professionals[a.professional].name} em {room.name} ({instance.sites[room.site].name}, "
        f"{fmt_date_pt(a.date)}, {fmt_time(a.start)}–{fmt_time(a.end)})"
    )


def describe(instance: Instance, premissa: str, forced: dict[str, Allocation] | None = None) -> str:
    """The premissa in a coordinator's words (`forced`: the allocations named by `forced_names`)."""
    parts = premissa.split(":")
    profs, rooms, sites = instance.professionals, instance.rooms, instance.sites
    if parts[0] == "pin":
        return f"a fixação de {_where(instance, instance.pins[int(parts[1])])}"
    if parts[0] in ("previous", "forced"):
        allocation = (forced or {}).get(premissa)
        if allocation is None and parts[0] == "previous":
            allocation = instance.previous[int(parts[1])]
        if allocation is None:
            return "uma alocação mantida da versão publicada"
        return f"a alocação publicada de {_where(instance, allocation)}, mantida sem mudança"
    if parts[0] == "professional":
        name = profs[parts[1]].name
        prof = profs[parts[1]]
        field = parts[2]
        limits = instance.limits(parts[1])
        return {
            "overlap": f"{name} não pode estar em dois lugares ao mesmo tempo",
            "max_weekly_hours": f"o máximo semanal de {name} ({fmt_hours(limits.max_weekly or 0)})",
            "max_daily_hours": f"o máximo diário de {name} ({fmt_hours(limits.max_daily or 0)})",
            "min_block_minutes": f"o bloco mínimo de {name} ({fmt_hours(prof.min_block_minutes)})",
            "availability": f"a disponibilidade de {name}",
            "room_kind": f"{name} só usa salas do tipo {prof.room_kind}",
        }.get(field, f"{field} de {name}")
    if parts[0] == "room":
        room = rooms[parts[1]]
        return f"a capacidade de {room.name} ({sites[room.site].name}): {room.capacity} profissional(is) por vez"
    if parts[0] == "site":
        site = sites[parts[1]].name
        return {"opening_hours": f"o horário de funcionamento de {site}", "closed_dates": f"{site} fechada nesse dia"}.get(
            parts[2], f"{parts[2]} de {site}"
        )
    if parts[0] == "travel":
        return (
            f"o deslocamento de {sites[parts[1]].name} para {sites[parts[2]].name} "
            f"({instance.travel_minutes(parts[1], parts[2])} min)"
        )
    rule = next((r for r in instance.rules if r.id == premissa), None)
    return f"a premissa «{rule.label}»" if rule else premissa


def message(instance: Instance, core: list[str], forced: dict[str, Allocation] | None = None) -> str:
    described = [describe(instance, n, forced) for n in core]
    pins = [n for n in core if n.startswith("pin:")]
    if len(pins) == 2 and len(core) == 3 and (core[2].endswith(":overlap") or core[2].endswith(":capacity")):
        return f"Conflito entre fixações: {described[0]} e {described[1]} não cabem juntas — {described[2]}."
    if len(core) == 1:
        return f"Impossível cumprir {described[0]}."
    return "Estas premissas não podem valer juntas: " + "; ".join(described) + "."

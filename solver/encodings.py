"""CP-SAT encodings of the catalogue, keyed by rule module name.

Temporary home: these move into their rule modules (``restrict``/``encode``)."""
from __future__ import annotations

from rules.timeutil import overlaps
from solver.domain import DAY, Domain
from solver.model import ScheduleModel


class PinImpossible(Exception):
    """A pinned cell does not exist in the model: the pins cannot hold."""


# --------------------------------------------------------------------------- Hard


def room_capacity_encode(m: ScheduleModel) -> None:
    for (uid, _t), cell_vars in m.by_unit_slot.items():
        unit = m.units[uid]
        if len(cell_vars) > unit.capacity:
            m.add(f"room:{unit.rooms[0]}:capacity", sum(cell_vars) <= unit.capacity)


def no_overlap_encode(m: ScheduleModel) -> None:
    for (pid, _d, _t), cell_vars in m.by_prof_slot.items():
        if len(cell_vars) > 1:
            m.add(f"professional:{pid}:overlap", sum(cell_vars) <= 1)


def opening_hours_restrict(domain: Domain) -> None:
    inst = domain.instance
    for site_id in inst.sites:
        for day in inst.dates:
            closed = inst.site_closed_by(site_id, day)
            if closed is not None:
                domain.forbid(closed, date=day, site=site_id)
                continue
            window = inst.opening(site_id, day)
            domain.forbid_outside(f"site:{site_id}:opening_hours", date=day, windows=[window] if window else [], site=site_id)


def availability_restrict(domain: Domain) -> None:
    inst = domain.instance
    for pid, prof in inst.professionals.items():
        for day in inst.dates:
            if prof.availability:
                domain.forbid_outside(
                    f"professional:{pid}:availability", date=day, windows=inst.availability(pid, day), professional=pid
                )
            for rule, window in inst.unavailable(pid, day):
                domain.forbid(rule.id, date=day, window=window, professional=pid)


def room_kind_restrict(domain: Domain) -> None:
    inst = domain.instance
    for pid in inst.professionals:
        for room_id in inst.rooms:
            if not inst.room_fits(pid, room_id):
                domain.forbid_pair(f"professional:{pid}:room_kind", pid, room_id)


def room_block_restrict(domain: Domain) -> None:
    inst = domain.instance
    for rule in inst.rules_of("room_block"):
        for day in inst.dates:
            if rule.applies_on(day):
                domain.forbid(rule.id, date=day, window=rule.window(), room=rule.room)


def room_reserved_restrict(domain: Domain) -> None:
    inst = domain.instance
    for rule in inst.rules_of("room_reserved"):
        for day in inst.dates:
            if rule.applies_on(day):
                domain.forbid(rule.id, date=day, window=rule.window(), room=rule.room, allowed=rule.professionals)


def hour_maxima_encode(m: ScheduleModel) -> None:
    inst = m.instance
    for pid in inst.professionals:
        limits = inst.limits(pid)
        if limits.max_weekly is not None:
            m.add(limits.max_weekly_source, m.minutes(pid) <= limits.max_weekly)
        if limits.max_daily is not None:
            for day in inst.dates:
                if m.by_prof_day.get((pid, day)):
                    m.add(limits.max_daily_source, m.day_minutes(pid, day) <= limits.max_daily)


def block_length_encode(m: ScheduleModel) -> None:
    """A run that starts at t forces the next k slots (a tighter bound than min-up-time cuts)."""
    for (pid, _uid), cells in m.cells.items():
        k = -(-m.instance.professionals[pid].min_block_minutes // m.grain)
        if k <= 1:
            continue
        premissa = f"professional:{pid}:min_block_minutes"
        for t, start in m.starts(cells).items():
            for i in range(1, k):
                nxt = cells.vars.get(t + i)
                if nxt is None:
                    m.add(premissa, start == 0)
                    break
                m.add_implication(premissa, start, nxt == 1)


def travel_time_encode(m: ScheduleModel) -> None:
    """Between the end at site A and the next start at site B, the travel minutes pass."""
    inst = m.instance
    for (pid, day), cells_list in m.by_prof_day.items():
        sites = m.sites_of_day(pid, day)
        if len(sites) < 2:
            continue
        occupied = sorted({t for c in cells_list for t in c.vars})
        occ = {t: sum(c.vars[t] for c in cells_list if t in c.vars) for t in occupied}
        for a in sites:
            for b in sites:
                if a == b:
                    continue
                k = -(-inst.travel_minutes(a, b) // m.grain)
                if k <= 0:
                    continue
                for t in occupied:
                    if not m.has_site_slot(pid, a, day, t):
                        continue
                    for t2 in range(t + 1, t + k + 1):
                        if not m.has_site_slot(pid, b, day, t2):
                            continue
                        between = sum(occ[x] for x in range(t + 1, t2) if x in occ)
                        m.add(
                            f"travel:{a}:{b}",
                            m.site_slot(pid, a, day, t) + m.site_slot(pid, b, day, t2) <= 1 + between,
                        )


def sites_per_day_encode(m: ScheduleModel) -> None:
    inst = m.instance
    for (pid, day) in list(m.by_prof_day):
        limit = inst.max_sites(pid, day)
        sites = m.sites_of_day(pid, day)
        if limit is None or len(sites) <= limit[0]:
            continue
        m.add(limit[1], sum(m.at_site(pid, s, day) for s in sites) <= limit[0])


def pins_encode(m: ScheduleModel) -> None:
    for i, pin in enumerate(m.instance.pins):
        for t in range(pin.start // m.grain, -(-pin.end // m.grain)):
            var = m.cell(pin.professional, pin.room, pin.date, t)
            if var is None:
                raise PinImpossible(f"pin:{i}")
            m.add(f"pin:{i}", var == 1)


def week_restrict(domain: Domain) -> None:
    """H13 holds by construction: the model only has the week's seven dates."""


def zero_forbidden_cells(m: ScheduleModel) -> None:
    """Explanation mode: keep forbidden cells and zero them behind their premissa."""
    g = m.grain
    for (pid, _uid), cells in m.cells.items():
        room, day = cells.unit.rooms[0], cells.unit.date
        pair = m.domain.pair_forbidden(pid, room)
        for t, var in cells.vars.items():
            slot = (t * g, (t + 1) * g)
            if pair is not None:
                m.add(pair, var == 0)
            for f in m.domain.blockers(pid, room, day):
                if overlaps(slot, f.window):
                    m.add(f.premissa, var == 0)


# --------------------------------------------------------------------------- Soft


def below_min_encode(m: ScheduleModel):
    out = []
    for pid in m.instance.professionals:
        need = m.instance.limits(pid).min_weekly
        if need <= 0:
            continue
        var = m.model.new_int_var(0, need, f"below_min[{pid}]")
        m.model.add(var >= need - m.minutes(pid))
        m.aux.setdefault("below_min", {})[pid] = var
        out.append(var)
    return sum(out)


def below_target_encode(m: ScheduleModel):
    out = []
    for pid in m.instance.professionals:
        need = m.instance.limits(pid).target_weekly
        if need <= 0:
            continue
        var = m.model.new_int_var(0, need, f"below_target[{pid}]")
        m.model.add(var >= need - m.minutes(pid))
        m.aux.setdefault("below_target", {})[pid] = var
        out.append(var)
    return sum(out)


def worst_below_target_encode(m: ScheduleModel):
    targets = [m.instance.limits(p).target_weekly for p in m.instance.professionals]
    worst = m.model.new_int_var(0, max(targets + [0]), "worst_below_target")
    for pid, var in m.aux.get("below_target", {}).items():
        m.model.add(worst >= var)
    m.aux["worst_below_target"] = worst
    return worst


def off_preference_cost(m: ScheduleModel, pid: str, unit) -> int:
    prof = m.instance.professionals[pid]
    cost = 0
    if prof.preferred_sites and unit.site not in prof.preferred_sites:
        cost += m.grain
    if prof.preferred_rooms and not (prof.preferred_rooms & set(unit.rooms)):
        cost += m.grain
    return cost


def off_preference_encode(m: ScheduleModel):
    terms = []
    for (pid, _uid), cells in m.cells.items():
        cost = off_preference_cost(m, pid, cells.unit)
        if cost:
            terms.append(cost * sum(cells.vars.values()))
    return sum(terms)


def changed_encode(m: ScheduleModel):
    const, terms = 0, []
    for prev in m.instance.previous:
        if not m.instance.in_week(prev.date):
            continue
        for t in range(prev.start // m.grain, -(-prev.end // m.grain)):
            const += m.grain
            var = m.cell(prev.professional, prev.room, prev.date, t)
            if var is not None:
                terms.append(var)
    return const - m.grain * sum(terms)


def fragments_encode(m: ScheduleModel):
    terms = []
    for (pid, day), cells_list in m.by_prof_day.items():
        starts = [s for c in cells_list for s in m.starts(c).values()]
        if not starts:
            continue
        terms.append(sum(starts) - m.works(pid, day))
    return sum(terms)


RESTRICT = {
    "opening_hours": opening_hours_restrict,
    "availability": availability_restrict,
    "room_kind": room_kind_restrict,
    "room_block": room_block_restrict,
    "room_reserved": room_reserved_restrict,
    "week": week_restrict,
}
ENCODE = {
    "room_capacity": room_capacity_encode,
    "no_overlap": no_overlap_encode,
    "hour_maxima": hour_maxima_encode,
    "block_length": block_length_encode,
    "travel_time": travel_time_encode,
    "sites_per_day": sites_per_day_encode,
    "pins": pins_encode,
}
TERM_ENCODE = {
    "below_min": below_min_encode,
    "below_target": below_target_encode,
    "worst_below_target": worst_below_target_encode,
    "off_preference": off_preference_encode,
    "changed": changed_encode,
    "fragments": fragments_encode,
}
_ = DAY

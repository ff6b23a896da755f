"""H10 — Deslocamento entre unidades: between consecutive allocations at different sites, the travel time passes."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H10"
LABEL = "Deslocamento entre unidades"
# Findings depend on one professional's allocations and name them (rules.catalogue.check_changed).
SCOPE = "professional"


def check(instance: Instance, schedule: Schedule) -> list[Inconsistency]:
    found = []
    for (pid, day), allocations in schedule.by_professional_date.items():
        ordered = sorted(allocations, key=lambda a: (a.start, a.end))
        for before, after in zip(ordered, ordered[1:]):
            site_a, site_b = instance.room_site(before.room), instance.room_site(after.room)
            if site_a == site_b:
                continue
            needed = instance.travel_minutes(site_a, site_b)
            if after.start - before.end >= needed:
                continue
            found.append(
                Inconsistency(
                    premissa=f"travel:{site_a}:{site_b}",
                    rule=__name__.rsplit(".", 1)[-1],
                    message=(
                        f"{instance.professionals[pid].name} sai da unidade {instance.sites[site_a].name} às "
                        f"{fmt_time(before.end)} e começa na unidade {instance.sites[site_b].name} às "
                        f"{fmt_time(after.start)} ({fmt_date_pt(day)}), mas o deslocamento leva {needed} minutos."
                    ),
                    professional=pid,
                    room=after.room,
                    date=day,
                    start=min(before.end, after.start),
                    end=max(before.end, after.start),
                )
            )
    return found


# --------------------------------------------------------------------------- CP-SAT


def encode(m) -> None:
    """Between the end at site A and the next start at site B, the travel minutes pass."""
    inst = m.instance
    for (pid, day), cells_list in m.by_prof_day.items():
        sites = m.sites_of_day(pid, day)
        if len(sites) < 2:
            continue
        limit = inst.max_sites(pid, day)
        if limit is not None and limit[0] <= 1 and not m.explain:
            continue  # one site that day (H11): never a journey to time
        occupied = sorted({t for c in cells_list for t in c.vars})
        occ = {t: sum(c.vars[t] for c in cells_list if t in c.vars) for t in occupied}
        # Each site's occupancy per slot (`m.site_slot`) and each stretch's occupancy, built
        # once for the day: with many sites every pair of them asks for the same sums.
        at = {site: {} for site in sites}
        for t in occupied:
            for site in sites:
                if m.has_site_slot(pid, site, day, t):
                    at[site][t] = m.site_slot(pid, site, day, t)
        stretch: dict[tuple[int, int], object] = {}
        for a in sites:
            for b in sites:
                if a == b:
                    continue
                k = -(-inst.travel_minutes(a, b) // m.grain)
                if k <= 0:
                    continue
                for t, here in at[a].items():
                    for t2 in range(t + 1, t + k + 1):
                        there = at[b].get(t2)
                        if there is None:
                            continue
                        between = stretch.get((t, t2))
                        if between is None:
                            between = stretch[(t, t2)] = sum(occ[x] for x in range(t + 1, t2) if x in occ)
                        m.add(f"travel:{a}:{b}", here + there <= 1 + between)


# --------------------------------------------------------------------------- heuristics


def fits(week: PartialWeek, p: Placement) -> bool:
    """The travel time passes between the placement and each of the day's runs at another site."""
    inst = week.instance
    site = inst.room_site(p.room)
    for run in week.runs.get((p.professional, p.date), ()):
        other = inst.room_site(run.room)
        if other == site:
            continue
        if run.end <= p.start and (p.start - run.end) * week.grain < inst.travel_minutes(other, site):
            return False
        if p.end <= run.start and (run.start - p.end) * week.grain < inst.travel_minutes(site, other):
            return False
    return True

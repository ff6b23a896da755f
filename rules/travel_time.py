"""H10 — Deslocamento entre unidades: between consecutive allocations at different sites, the travel time passes."""
from __future__ import annotations

from rules.inconsistency import Inconsistency
from rules.instance import Instance
from rules.schedule import Schedule
from rules.timeutil import fmt_date_pt, fmt_time

ID = "H10"
LABEL = "Deslocamento entre unidades"


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

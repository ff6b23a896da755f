"""A solved week, mutated once, is caught by the right check (hypothesis)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import catalogue
from rules.instance import parse_instance
from rules.schedule import Schedule
from solver.engine import solve
from solver.generate import generate


@functools.cache
def solved():
    instance = parse_instance(generate("s", 4))
    result = solve(instance, workers=1, seed=0, deterministic_time=1.0, time_limit=60)
    assert result.schedule is not None and len(result.schedule) > 5
    assert catalogue.check_all(instance, result.schedule) == []
    return instance, result.schedule


def caught(instance, allocations, module: str, premissa: str) -> bool:
    found = catalogue.check_all(instance, Schedule(allocations))
    return any(i.rule == module and i.premissa == premissa for i in found)


MUTATIONS = ["into_block", "over_room", "overlap", "past_weekly_max", "too_short", "outside_week", "drop_pin", "before_opening"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MUTATIONS), st.integers(0, 10_000))
def test_a_mutated_solution_is_caught_by_the_right_check(mutation, pick):
    instance, schedule = solved()
    allocations = list(schedule)
    a = allocations[pick % len(allocations)]
    others = [x for x in allocations if x is not a]
    grain = instance.grain

    if mutation == "into_block":
        blocks = instance.rules_of("room_block")
        if not blocks:
            return
        block = blocks[pick % len(blocks)]
        day = block.date or next(d for d in instance.dates if block.applies_on(d))
        start, end = block.window()
        moved = dataclasses.replace(a, room=block.room, date=day, start=start, end=min(end, start + a.minutes))
        assert caught(instance, [*others, moved], "room_block", block.id)
    elif mutation == "over_room":
        room = instance.rooms[a.room]
        intruders = [p for p in instance.professionals if p != a.professional]
        extra = [dataclasses.replace(a, professional=intruders[(pick + i) % len(intruders)]) for i in range(room.capacity)]
        assert caught(instance, [*allocations, *extra], "room_capacity", f"room:{a.room}:capacity")
    elif mutation == "overlap":
        other_room = next(r for r in instance.rooms if r != a.room)
        assert caught(instance, [*allocations, dataclasses.replace(a, room=other_room)], "no_overlap", f"professional:{a.professional}:overlap")
    elif mutation == "past_weekly_max":
        limits = instance.limits(a.professional)
        if limits.max_weekly is None:
            return
        # Copies of the allocation on every date push the week past any maximum below 7 x 24 h.
        copies = [dataclasses.replace(a, date=d, start=0, end=24 * 60) for d in instance.dates]
        assert caught(instance, [*others, *copies], "hour_maxima", limits.max_weekly_source)
    elif mutation == "too_short":
        prof = instance.professionals[a.professional]
        if prof.min_block_minutes <= grain:
            return
        same_run = [x for x in others if x.professional == a.professional and x.date == a.date and x.room == a.room and (x.end == a.start or x.start == a.end)]
        if same_run:
            return
        assert caught(instance, [*others, dataclasses.replace(a, end=a.start + grain)], "block_length", f"professional:{a.professional}:min_block_minutes")
    elif mutation == "outside_week":
        moved = dataclasses.replace(a, date=instance.week_start - dt.timedelta(days=1 + pick % 3))
        assert caught(instance, [*others, moved], "week", "week")
    elif mutation == "drop_pin":
        if not instance.pins:
            return
        i = pick % len(instance.pins)
        pin = instance.pins[i]
        kept = [x for x in allocations if not (x.professional == pin.professional and x.date == pin.date and x.room == pin.room and x.start < pin.end and pin.start < x.end)]
        assert caught(instance, kept, "pins", f"pin:{i}")
    elif mutation == "before_opening":
        site = instance.rooms[a.room].site
        window = instance.opening(site, a.date)
        if window is None or window[0] < grain:
            return
        moved = dataclasses.replace(a, start=window[0] - grain, end=window[0] - grain + a.minutes)
        assert caught(instance, [*others, moved], "opening_hours", f"site:{site}:opening_hours")

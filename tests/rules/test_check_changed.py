"""`catalogue.check_changed` finds exactly what `check_all` finds, when only some professionals' weeks changed.

The neighbourhood search lays each offer over the newest schedule and checks it with
`check_changed`, judging only the free professionals' weeks and the room days they use. That is
sound only if every module's declared ``SCOPE`` is true of its checker: here consistent weeks of
generated clinics (pins, reservations, travel, several units, closures), and of tiny clinics with
random premissas of every declared kind, get a few professionals' weeks rewritten at random, and
both checks must return the same findings, in the same order.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rules import catalogue
from rules.instance import Allocation, Instance, parse_instance
from rules.schedule import Schedule
from solver.domain import build_domain
from solver.generate import generate, suite_shape
from solver.greedy import greedy_schedule
from tests.solver.test_greedy import weeks as random_weeks  # random premissas of every declared kind

SHAPES = ("default", "specialists", "pinned", "multi-site", "closures", "mixed")


@functools.lru_cache(maxsize=None)
def consistent_week(shape: str) -> tuple[Instance, Schedule]:
    instance = parse_instance(generate("s", 7, shape=suite_shape(shape, "s")))
    week = greedy_schedule(instance, build_domain(instance))
    assert not catalogue.check_all(instance, week)
    return instance, week


def rewrite(draw, instance: Instance, week: Schedule) -> tuple[Schedule, set[str]]:
    """The week with 1–3 professionals' allocations partly dropped and new ones added anywhere."""
    people = sorted(instance.professionals)
    free = set(draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True)))
    theirs = [a for a in week if a.professional in free]
    kept = [a for a in theirs if draw(st.booleans())]
    g = instance.grain
    # One day past the week too, for the week's own premissa.
    days = [*instance.dates, instance.dates[-1] + dt.timedelta(days=1)]
    added = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(6 * 60 // g, 20 * 60 // g)) * g
        length = draw(st.integers(1, 10)) * g
        added.append(
            Allocation(
                draw(st.sampled_from(days)),
                start,
                min(24 * 60, start + length),
                draw(st.sampled_from(sorted(free))),
                draw(st.sampled_from(sorted(instance.rooms))),
            )
        )
    # Someone else's room, at their time: a clash only the room's day can show.
    others = [a for a in week if a.professional not in free]
    if others and draw(st.booleans()):
        taken = draw(st.sampled_from(others))
        added.append(dataclasses.replace(taken, professional=draw(st.sampled_from(sorted(free)))))
    return Schedule([*others, *kept, *added]), free


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHAPES), st.data())
def test_check_changed_finds_what_check_all_finds(shape, data):
    instance, week = consistent_week(shape)
    candidate, free = rewrite(data.draw, instance, week)
    assert catalogue.check_changed(instance, candidate, free) == catalogue.check_all(instance, candidate)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_weeks(), st.data())
def test_check_changed_finds_what_check_all_finds_with_premissas_of_every_kind(instance, data):
    assume(not catalogue.check_all(instance, Schedule(instance.pins)))
    week = greedy_schedule(instance, build_domain(instance))
    candidate, free = rewrite(data.draw, instance, week)
    assert catalogue.check_changed(instance, candidate, free) == catalogue.check_all(instance, candidate)


def test_check_changed_is_told_a_room_clash_with_someone_who_did_not_change():
    instance, week = consistent_week("default")
    taken = next(iter(week))
    mover = next(p for p in sorted(instance.professionals) if p != taken.professional
                 and instance.room_fits(p, taken.room))  # fmt: skip
    candidate = Schedule([*(a for a in week if a.professional != mover), dataclasses.replace(taken, professional=mover)])
    found = catalogue.check_changed(instance, candidate, {mover})
    assert any(i.rule == "room_capacity" and i.room == taken.room for i in found)


def test_a_module_declaring_no_scope_is_judged_on_the_whole_week(monkeypatch):
    instance, week = consistent_week("default")
    seen: list[int] = []

    def check(_instance, schedule):
        seen.append(len(schedule))
        return []

    unscoped = types.ModuleType("rules.site_quota")
    unscoped.check = check
    monkeypatch.setattr(catalogue, "HARD", (*catalogue.HARD, unscoped))
    someone = next(iter(week)).professional
    catalogue.check_changed(instance, week, {someone})
    assert seen == [len(week)]


def test_every_declared_scope_is_one_check_changed_knows():
    unknown = {m.__name__: m.SCOPE for m in catalogue.HARD if getattr(m, "SCOPE", catalogue.SCOPES[0]) not in catalogue.SCOPES}
    assert not unknown

"""The generated clinic: a valid document, reproducible, with feasible pins and too few rooms."""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.instance import Instance, parse_instance
from rules.schedule import Schedule
from rules.timeutil import contains, overlaps, subtract, union
from solver.generate import DEFAULT_WEEK_START, SIZES, SUITE_SHAPES, Shape, generate, suite_shape

HOLIDAY = dt.date(2026, 12, 8)  # Imaculada Conceição, Belo Horizonte
# size -> (sites, rooms, professionals) as documented; rooms and people are approximate.
DOCUMENTED = {"s": (1, 6, 16), "m": (2, 20, 55), "l": (3, 40, 150), "xl": (8, 200, 700)}
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@lru_cache(maxsize=None)
def instance(size: str, seed: int = 0, week_start: dt.date | None = None) -> Instance:
    return parse_instance(generate(size, seed, week_start))


def usable_minutes(inst: Instance, kind: str) -> int:
    """An upper bound on the minutes any schedule can give a room kind.

    At each grain slot no more can be allocated than the capacity of the open, unblocked
    rooms of that kind, nor than the number of professionals of that kind free then.
    """
    total = 0
    for day in inst.dates:
        capacity: Counter[int] = Counter()
        present: Counter[int] = Counter()
        for room in inst.rooms.values():
            opening = inst.opening(room.site, day)
            if kind not in room.kinds or opening is None:
                continue
            for s, e in subtract([opening], [iv for _rule, iv in inst.room_blocks(room.id, day)]):
                for t in range(s, e, inst.grain):
                    capacity[t] += room.capacity
        for prof in inst.professionals.values():
            if prof.room_kind == kind:
                for s, e in inst.free_windows(prof.id, day):
                    for t in range(s, e, inst.grain):
                        present[t] += 1
        total += inst.grain * sum(min(c, present[t]) for t, c in capacity.items())
    return total


def demand_ratios(inst: Instance) -> dict[str, float]:
    kinds = {p.room_kind for p in inst.professionals.values()}
    return {
        kind: sum(p.target_weekly_minutes for p in inst.professionals.values() if p.room_kind == kind)
        / usable_minutes(inst, kind)
        for kind in kinds
    }


def pin_problems(inst: Instance) -> list[str]:
    """Every hard premissa H1–H11 and H13 a set of pins breaks, checked without the catalogue."""
    problems = []
    pins = list(inst.pins)
    schedule = Schedule(pins)
    for i, a in enumerate(pins):
        room, prof = inst.rooms[a.room], inst.professionals[a.professional]
        opening = inst.opening(room.site, a.date)
        if not inst.in_week(a.date):
            problems.append(f"pin {i}: outside the week")
        if opening is None or not contains([opening], (a.start, a.end)):
            problems.append(f"pin {i}: outside opening hours")
        if not contains(inst.free_windows(a.professional, a.date), (a.start, a.end)):
            problems.append(f"pin {i}: outside availability")
        if not inst.room_fits(a.professional, a.room):
            problems.append(f"pin {i}: room kind")
        if any(overlaps((a.start, a.end), iv) for _rule, iv in inst.room_blocks(a.room, a.date)):
            problems.append(f"pin {i}: room block")
        if any(
            overlaps((a.start, a.end), iv) and a.professional not in rule.professionals
            for rule, iv in inst.reservations(a.room, a.date)
        ):
            problems.append(f"pin {i}: reservation")
        if a.start % inst.grain or a.end % inst.grain:
            problems.append(f"pin {i}: off the grain")
        # H1: at the start of each pin, count the pins of the room covering that instant.
        here = [b for b in pins if b.room == a.room and b.date == a.date and b.start <= a.start < b.end]
        if len(here) > room.capacity:
            problems.append(f"pin {i}: room capacity")
        if prof.min_block_minutes > min(
            (r.end - r.start for r in schedule.runs(a.professional, a.date) if r.start <= a.start < r.end), default=0
        ):
            problems.append(f"pin {i}: block length")
    weekly: Counter[str] = Counter()
    for (pid, day), items in schedule.by_professional_date.items():
        limits = inst.limits(pid)
        items = sorted(items, key=lambda a: a.start)
        minutes = sum(a.minutes for a in items)
        weekly[pid] += minutes
        if limits.max_daily is not None and minutes > limits.max_daily:
            problems.append(f"{pid} {day}: max daily hours")
        for before, after in zip(items, items[1:]):
            if after.start < before.end:
                problems.append(f"{pid} {day}: overlap")
            gap = inst.travel_minutes(inst.room_site(before.room), inst.room_site(after.room))
            if after.start - before.end < gap:
                problems.append(f"{pid} {day}: travel")
        sites = {inst.room_site(a.room) for a in items}
        max_sites = inst.max_sites(pid, day)
        if max_sites is not None and len(sites) > max_sites[0]:
            problems.append(f"{pid} {day}: sites per day")
    for pid, minutes in weekly.items():
        max_weekly = inst.limits(pid).max_weekly
        if max_weekly is not None and minutes > max_weekly:
            problems.append(f"{pid}: max weekly hours")
    return problems


def catalogue_problems(inst: Instance) -> list[str]:
    """The rule catalogue's verdict on the pins, when the catalogue is importable."""
    try:
        from rules.catalogue import check_all
    except ImportError:
        return []
    return [f"{i.premissa}: {i.message}" for i in check_all(inst, Schedule(inst.pins))]


# --------------------------------------------------------------------------- the document


@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_every_size_parses_with_about_the_documented_counts(size):
    inst = instance(size)
    sites, rooms, professionals = DOCUMENTED[size]
    assert len(inst.sites) == sites
    assert len(inst.rooms) == pytest.approx(rooms, rel=0.3)
    assert len(inst.professionals) == pytest.approx(professionals, rel=0.3)


def test_xl_has_eight_units_about_200_rooms_and_700_professionals_in_a_few_seconds():
    started = time.perf_counter()
    doc = generate("xl", 0)
    elapsed = time.perf_counter() - started
    inst = parse_instance(doc)
    assert elapsed < 5
    assert len(inst.sites) == 8
    assert len(inst.rooms) == pytest.approx(200, rel=0.1)
    assert len(inst.professionals) == pytest.approx(700, rel=0.15)
    assert pin_problems(inst) == []


def test_the_same_seed_gives_the_same_document():
    assert generate("m", 7) == generate("m", 7)


def test_another_seed_gives_another_document():
    assert generate("m", 7) != generate("m", 8)


def test_it_rejects_an_unknown_size_and_a_week_not_starting_on_monday():
    with pytest.raises(ValueError):
        generate("xxl", 0)
    with pytest.raises(ValueError):
        generate("s", 0, dt.date(2026, 12, 8))


# --------------------------------------------------------------------------- the clinic


def test_the_default_week_is_the_one_of_the_8_december_holiday():
    inst = instance("m")
    assert inst.week_start == DEFAULT_WEEK_START == dt.date(2026, 12, 7)
    assert HOLIDAY in inst.dates


@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_the_holiday_closes_every_unit_on_8_december(size):
    inst = instance(size)
    for site in inst.sites:
        assert inst.opening(site, HOLIDAY) is None
        assert inst.opening(site, HOLIDAY + dt.timedelta(days=1)) is not None
    closed = {r.site for r in inst.rules_of("site_closed") if r.date == HOLIDAY}
    assert closed == set(inst.sites)


def test_only_savassi_and_lourdes_open_on_saturday_morning():
    inst = instance("l")
    saturday = inst.week_start + dt.timedelta(days=5)
    open_on_saturday = {s for s in inst.sites if inst.opening(s, saturday) is not None}
    assert open_on_saturday == {"savassi", "lourdes"}
    for site in open_on_saturday:
        start, end = inst.opening(site, saturday)
        assert 7 * 60 <= start and end <= 14 * 60
    for site in inst.sites.values():
        start, end = site.opening_hours["mon"]
        assert start <= 8 * 60 and end >= 19 * 60


def test_travel_between_units_takes_15_to_40_minutes():
    inst = instance("xl")
    pairs = [(a, b) for a in inst.sites for b in inst.sites if a < b]
    assert len(inst.travel) == len(pairs)
    assert all(15 <= inst.travel_minutes(a, b) <= 40 for a, b in pairs)


def test_every_unit_has_consulting_rooms_a_gym_and_a_group_room():
    inst = instance("l")
    for site in inst.sites:
        rooms = [r for r in inst.rooms.values() if r.site == site]
        gyms = [r for r in rooms if r.kinds == ("ginasio",)]
        groups = [r for r in rooms if set(r.kinds) == {"grupo", "consultorio"}]
        assert len(gyms) == 1 and 2 <= gyms[0].capacity <= 4
        assert len(groups) == 1 and groups[0].capacity in (1, 2)
        assert sum(r.kinds == ("consultorio",) and r.capacity == 1 for r in rooms) >= 3


def test_professionals_are_varied_and_plausible():
    inst = instance("m")
    profs = list(inst.professionals.values())
    assert {p.room_kind for p in profs} == {"consultorio", "ginasio"}
    assert any(not p.availability for p in profs), "someone available whenever a unit is open"
    assert any(w.date is not None for p in profs for w in p.availability), "a date-specific window"
    assert any(name.startswith(("Dr. ", "Dra. ")) for name in (p.name for p in profs))
    assert sum(bool(p.preferred_sites) for p in profs) > len(profs) / 2
    assert any(p.preferred_rooms for p in profs)
    assert len({p.calendar_id for p in profs}) == len(profs)
    assert all(p.calendar_id.endswith("@clinica.example") for p in profs)
    for p in profs:
        assert p.min_weekly_minutes <= p.target_weekly_minutes < p.max_weekly_minutes
        assert 6 * 60 <= p.max_daily_minutes <= 10 * 60
        assert 60 <= p.min_block_minutes <= 180 and p.min_block_minutes % 30 == 0


def test_it_has_every_kind_of_rule():
    inst = instance("m")
    kinds = Counter(r.kind for r in inst.rules)
    assert set(kinds) == {
        "site_closed", "room_reserved", "room_block", "unavailable", "hours_limit", "max_sites_per_day"
    }
    assert kinds["hours_limit"] == 1 and kinds["max_sites_per_day"] == 1
    for rule in inst.rules_of("room_reserved"):
        assert inst.rooms[rule.room].kinds == ("ginasio",)
        assert rule.weekday in ("mon", "tue", "wed", "thu", "fri") and rule.end <= 12 * 60
        assert all(inst.professionals[p].room_kind == "ginasio" for p in rule.professionals)
    assert inst.weights == {"below_min": 100, "below_target": 10, "worst_below_target": 10,
                            "off_preference": 1, "changed": 5, "fragments": 30}
    assert inst.previous == ()


def test_a_week_with_a_national_holiday_closes_the_units_by_closed_dates():
    inst = instance("m", 3, dt.date(2026, 4, 20))  # Tiradentes, Tuesday 21 April
    tiradentes = dt.date(2026, 4, 21)
    assert all(tiradentes in site.closed_dates for site in inst.sites.values())
    assert inst.rules_of("site_closed") == []
    assert pin_problems(inst) == [] and catalogue_problems(inst) == []


def test_corpus_christi_is_a_municipal_holiday():
    inst = instance("s", 3, dt.date(2026, 6, 1))  # Easter 2026 is 5 April; Corpus Christi 4 June
    assert [(r.site, r.date) for r in inst.rules_of("site_closed")] == [("savassi", dt.date(2026, 6, 4))]


# --------------------------------------------------------------------------- pins


@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_pins_include_a_saturday_rota_and_manual_entries(size):
    inst = instance(size)
    sources = Counter(p.source for p in inst.pins)
    assert sources["saturday"] >= 2 and 1 <= sources["manual"] <= 2
    for pin in inst.pins:
        if pin.source == "saturday":
            assert pin.date.weekday() == 5 and inst.room_site(pin.room) in ("savassi", "lourdes")


@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_pins_obey_every_hard_premissa(size):
    inst = instance(size)
    assert pin_problems(inst) == []
    assert catalogue_problems(inst) == []


@settings(max_examples=40, deadline=None)
@given(seed=seeds, size=st.sampled_from(["s", "m"]))
def test_every_generated_week_has_pins_that_hold_together(seed, size):
    inst = parse_instance(generate(size, seed))
    assert pin_problems(inst) == []
    assert catalogue_problems(inst) == []


# --------------------------------------------------------------------------- scarcity


@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_demand_exceeds_what_the_rooms_can_give_for_every_room_kind(size):
    ratios = demand_ratios(instance(size))
    assert set(ratios) == {"consultorio", "ginasio"}
    assert all(1.2 <= r <= 1.6 for r in ratios.values()), ratios


@settings(max_examples=25, deadline=None)
@given(seed=seeds, size=st.sampled_from(["s", "m"]))
def test_every_generated_week_is_short_of_rooms(seed, size):
    ratios = demand_ratios(parse_instance(generate(size, seed)))
    assert all(1.2 <= r <= 1.6 for r in ratios.values()), ratios


def test_scarcity_is_not_just_people_wanting_more_than_their_own_availability():
    # Capping each target at the person's own free time in open rooms still leaves a shortfall.
    inst = instance("m")
    for kind in ("consultorio", "ginasio"):
        own: dict[str, int] = defaultdict(int)
        for prof in inst.professionals.values():
            if prof.room_kind != kind:
                continue
            for day in inst.dates:
                open_windows = [
                    w for w in (inst.opening(r.site, day) for r in inst.rooms.values() if kind in r.kinds) if w
                ]
                for s, e in inst.free_windows(prof.id, day):
                    own[prof.id] += sum(
                        max(0, min(e, oe) - max(s, os)) for os, oe in union(open_windows)
                    )
        reachable = sum(min(p.target_weekly_minutes, own[p.id]) for p in inst.professionals.values()
                        if p.room_kind == kind)
        assert reachable > usable_minutes(inst, kind)



# --------------------------------------------------------------------------- shapes


def test_the_default_shape_is_the_default_clinic():
    assert generate("m", 3, shape=Shape()) == generate("m", 3)


@pytest.mark.parametrize("size", ["s", "m"])
@pytest.mark.parametrize("name", sorted(SUITE_SHAPES))
def test_every_suite_shape_gives_a_week_whose_pins_hold_together_and_is_short_of_rooms(name, size):
    inst = parse_instance(generate(size, 4, shape=suite_shape(name, size)))
    assert pin_problems(inst) == []
    assert catalogue_problems(inst) == []
    assert all(r >= 1.2 for r in demand_ratios(inst).values())


def test_specialist_kinds_take_consulting_rooms_and_bring_their_professions():
    inst = parse_instance(generate("m", 1, shape=Shape(specialist_kinds=2)))
    kinds = {k for room in inst.rooms.values() for k in room.kinds}
    assert {"infantil", "procedimentos"} <= kinds
    assert {p.room_kind for p in inst.professionals.values()} >= {"infantil", "procedimentos", "consultorio", "ginasio"}
    for site in inst.sites:
        assert any(room.kinds == ("consultorio",) or "consultorio" in room.kinds for room in inst.rooms.values() if room.site == site)


def test_sites_spread_the_sizes_consulting_rooms_over_more_units():
    doc = generate("m", 1, shape=Shape(sites=4))
    assert len(doc["sites"]) == 4
    consulting = [r for r in doc["rooms"] if r["kinds"] == ["consultorio"]]
    assert len(consulting) == sum(SIZES["m"])


def test_multi_site_professionals_prefer_several_units_and_may_use_two_a_day():
    doc = generate("m", 1, shape=Shape(multi_site=0.5))
    several = [p for p in doc["professionals"] if len(p.get("preferred_sites", [])) >= 2]
    assert len(several) >= len(doc["professionals"]) // 4
    assert [r["value"] for r in doc["rules"] if r["kind"] == "max_sites_per_day"] == [2]


def test_sparse_availability_leaves_nobody_free_whenever_open():
    doc = generate("m", 1, shape=Shape(sparsity=0.5))
    assert all(p.get("availability") for p in doc["professionals"])


def test_pins_saturday_and_closures_follow_the_shape():
    doc = generate("m", 1, shape=Shape(pin_share=0.2, saturday=4, closures=2))
    sources = Counter(pin["source"] for pin in doc["pins"])
    assert sources["manual"] >= len(doc["professionals"]) // 10
    assert sources["saturday"] >= 6
    closed = [r for r in doc["rules"] if r["kind"] == "site_closed" and "fechada:" in r["label"]]
    assert len(closed) == 2


def test_tighter_demand_and_minimums_hire_more_people_wanting_more():
    plain, tight = instance("m", 1), parse_instance(generate("m", 1, shape=Shape(demand=1.8, minimum_share=0.8)))
    assert len(tight.professionals) > len(plain.professionals)
    assert max(demand_ratios(tight).values()) > max(demand_ratios(plain).values())
    assert all(p.min_weekly_minutes >= 0.75 * p.target_weekly_minutes for p in tight.professionals.values())


@pytest.mark.parametrize("bad", [dict(sites=0), dict(sites=9), dict(specialist_kinds=4), dict(sparsity=1.0), dict(demand=0), dict(closures=-1)])
def test_a_shape_out_of_range_is_refused(bad):
    with pytest.raises(ValueError):
        Shape(**bad)

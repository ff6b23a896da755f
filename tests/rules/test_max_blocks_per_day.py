"""H14 — at most N separate blocks per day: the checker, the heuristics' fits and the CP-SAT encoding."""
import datetime as dt

from rules import catalogue, max_blocks_per_day
from rules.partial import PartialWeek, Placement

TWO = {"id": "duas", "kind": "max_blocks_per_day", "label": "No máximo dois blocos por dia", "value": 2}
ONE_FOR_ANA = {"id": "um", "kind": "max_blocks_per_day", "label": "Ana: um bloco", "professional": "ana", "value": 1}


def test_it_holds_when_back_to_back_allocations_in_one_room_make_one_block(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "c1", "mon", "10:00", "12:00"))

    assert max_blocks_per_day.check(build(rules=[ONE_FOR_ANA]), week) == []


def test_it_holds_when_no_rule_limits_blocks(build, alloc, schedule):
    week = schedule(*(alloc("ana", "c1", "mon", f"{h:02d}:00", f"{h:02d}:30") for h in range(8, 14)))

    assert max_blocks_per_day.check(build(), week) == []


def test_it_is_broken_when_a_gap_makes_a_block_too_many(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "09:00"),
        alloc("ana", "c1", "mon", "10:00", "11:00"),
        alloc("ana", "c1", "mon", "13:00", "14:00"),
    )

    [found] = max_blocks_per_day.check(build(rules=[TWO]), week)

    assert (found.premissa, found.rule, found.professional, found.date) == ("duas", "max_blocks_per_day", "ana", dt.date(2026, 12, 7))
    assert found.message == (
        "Ana Souza tem 3 blocos em segunda 07/12 (08:00–09:00, 10:00–11:00, 13:00–14:00), "
        "mas o limite é 2: No máximo dois blocos por dia."
    )


def test_it_is_broken_by_a_change_of_room_and_the_tightest_rule_is_named(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "c2", "mon", "10:00", "12:00"))

    assert [i.premissa for i in max_blocks_per_day.check(build(rules=[TWO, ONE_FOR_ANA]), week)] == ["um"]


def test_it_is_part_of_every_check(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "09:00"), alloc("ana", "c1", "mon", "10:00", "11:00"))

    assert [i.rule for i in catalogue.check_all(build(rules=[ONE_FOR_ANA]), week)] == ["max_blocks_per_day"]


def test_fits_holds_for_a_placement_that_joins_a_block(build):
    week = PartialWeek(build(rules=[ONE_FOR_ANA]))
    monday = dt.date(2026, 12, 7)
    week.occupy(Placement("ana", "c1", monday, 16, 20))

    assert max_blocks_per_day.fits(week, Placement("ana", "c1", monday, 20, 22))


def test_fits_is_broken_for_a_placement_that_starts_a_block_too_many(build):
    week = PartialWeek(build(rules=[ONE_FOR_ANA]))
    monday = dt.date(2026, 12, 7)
    week.occupy(Placement("ana", "c1", monday, 16, 20))

    assert not max_blocks_per_day.fits(week, Placement("ana", "c1", monday, 22, 24))
    assert not max_blocks_per_day.fits(week, Placement("ana", "c2", monday, 20, 22))


def test_the_solver_keeps_each_day_within_the_limit(document):
    from rules.instance import parse_instance
    from rules.schedule import schedule_from_allocations
    from solver.engine import solve_document

    # Ana wants 8 h on Monday only, in the morning and the afternoon, but may work one block.
    doc = document(
        professionals={"ana": {"target_weekly_hours": 8, "min_weekly_hours": 8,
                               "availability": [{"weekday": "mon", "start": "08:00", "end": "12:00"},
                                                {"weekday": "mon", "start": "13:00", "end": "17:00"}]}},
        rules=[ONE_FOR_ANA],
    )  # fmt: skip
    solution = solve_document(doc, time_limit=10, workers=1, seed=0)

    assert solution["status"] == "OPTIMAL"
    schedule = schedule_from_allocations(solution["allocations"])
    assert catalogue.check_all(parse_instance(doc), schedule) == []
    assert len(schedule.runs("ana", dt.date(2026, 12, 7))) == 1 and schedule.minutes_of("ana") == 4 * 60

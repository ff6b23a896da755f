import datetime as dt

from rules.instance import Allocation
from rules.schedule import Schedule

MON = dt.date(2026, 12, 7)


def test_it_orders_allocations_by_date_and_time():
    later = Allocation(MON, 600, 660, "ana", "c1")
    earlier = Allocation(MON, 480, 540, "bia", "gym")
    next_day = Allocation(MON + dt.timedelta(days=1), 420, 480, "ana", "c1")

    assert Schedule([next_day, later, earlier]).allocations == [earlier, later, next_day]


def test_it_accepts_duplicates_that_differ_only_in_source():
    by_hand = Allocation(MON, 480, 600, "ana", "c1")
    from_google = Allocation(MON, 480, 600, "ana", "c1", source="google")

    assert len(Schedule([from_google, by_hand])) == 2


def test_it_merges_back_to_back_allocations_in_one_room_into_runs():
    week = Schedule(
        [
            Allocation(MON, 480, 540, "ana", "c1"),
            Allocation(MON, 540, 600, "ana", "c1", pinned=True),
            Allocation(MON, 600, 660, "ana", "c2"),
            Allocation(MON, 720, 780, "ana", "c2"),
        ]
    )

    assert [(r.room, r.start, r.end, r.pinned) for r in week.runs("ana", MON)] == [
        ("c1", 480, 600, True),
        ("c2", 600, 660, False),
        ("c2", 720, 780, False),
    ]

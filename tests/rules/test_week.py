import datetime as dt

from rules import week


def test_it_holds_when_every_date_is_in_the_week(build, alloc, schedule):
    allocations = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "c1", "sun", "08:00", "10:00"))

    assert week.check(build(), allocations) == []


def test_it_is_broken_when_a_date_is_outside_the_week(build, alloc, schedule):
    allocations = schedule(
        alloc("ana", "c1", "2026-12-06", "08:00", "10:00"),
        alloc("ana", "c1", "wed", "08:00", "10:00"),
        alloc("ana", "c1", "2026-12-14", "08:00", "10:00"),
    )

    found = week.check(build(), allocations)

    assert [(i.premissa, i.rule, i.date) for i in found] == [
        ("week", "week", dt.date(2026, 12, 6)),
        ("week", "week", dt.date(2026, 12, 14)),
    ]
    assert "14/12/2026" in found[1].message

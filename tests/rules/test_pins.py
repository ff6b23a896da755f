import datetime as dt

from rules import pins

SATURDAY = {"professional": "ana", "room": "c1", "date": "2026-12-12", "start": "08:00", "end": "12:00",
            "source": "saturday"}
MONDAY = {"professional": "ana", "room": "c1", "date": "2026-12-07", "start": "09:00", "end": "11:00"}


def test_it_holds_when_pins_are_covered_back_to_back_or_by_a_longer_allocation(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "sat", "08:00", "10:00"),
        alloc("ana", "c1", "sat", "10:00", "12:00"),
        alloc("ana", "c1", "mon", "08:00", "12:00"),
    )

    assert pins.check(build(pins=[SATURDAY, MONDAY]), week) == []


def test_it_is_broken_when_a_pin_is_not_kept(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "sat", "08:00", "10:00"),
        alloc("ana", "c2", "sat", "10:00", "12:00"),  # another room
        alloc("bia", "c1", "mon", "09:00", "11:00"),  # another professional
    )

    found = pins.check(build(pins=[SATURDAY, MONDAY]), week)

    assert [(i.premissa, i.rule, i.professional, i.room, i.date, i.start, i.end) for i in found] == [
        ("pin:0", "pins", "ana", "c1", dt.date(2026, 12, 12), 480, 720),
        ("pin:1", "pins", "ana", "c1", dt.date(2026, 12, 7), 540, 660),
    ]
    assert "10:00–12:00" in found[0].message

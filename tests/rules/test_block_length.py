import datetime as dt

from rules import block_length


def test_it_holds_when_every_run_is_long_enough(build, alloc, schedule):
    instance = build(professionals={"ana": {"min_block_minutes": 120}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "09:00"),
        alloc("ana", "c1", "mon", "09:00", "10:00"),  # back-to-back in one room: one 2h run
        alloc("ana", "c1", "tue", "08:00", "12:00"),
        alloc("bia", "gym", "mon", "08:00", "08:30"),  # default minimum: the grain
    )

    assert block_length.check(instance, week) == []


def test_it_is_broken_when_a_run_is_too_short(build, alloc, schedule):
    instance = build(professionals={"ana": {"min_block_minutes": 120}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "09:00"),
        alloc("ana", "c2", "mon", "09:00", "10:00"),  # a change of room starts a new run
        alloc("ana", "c1", "tue", "08:00", "09:00"),
        alloc("ana", "c1", "tue", "10:00", "11:30"),  # so does a gap
    )

    found = block_length.check(instance, week)

    assert [(i.premissa, i.rule, i.room, i.date, i.start, i.end) for i in found] == [
        ("professional:ana:min_block_minutes", "block_length", "c1", dt.date(2026, 12, 7), 480, 540),
        ("professional:ana:min_block_minutes", "block_length", "c2", dt.date(2026, 12, 7), 540, 600),
        ("professional:ana:min_block_minutes", "block_length", "c1", dt.date(2026, 12, 8), 480, 540),
        ("professional:ana:min_block_minutes", "block_length", "c1", dt.date(2026, 12, 8), 600, 690),
    ]
    assert "1h30" in found[3].message and "2h" in found[3].message


def test_it_is_broken_when_a_time_is_off_the_grain(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:15", "10:15"),
        alloc("bia", "gym", "mon", "08:00", "09:45"),
        alloc("caio", "gym", "mon", "08:00", "10:00"),
    )

    found = block_length.check(build(), week)

    assert [(i.premissa, i.professional, i.start, i.end) for i in found] == [
        ("grain", "bia", 480, 585),
        ("grain", "ana", 495, 615),
    ]

import datetime as dt

from rules import travel_time


def test_it_holds_when_the_travel_time_passes(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "b1", "mon", "11:00", "13:00"),  # Centro → Bairro: 60 min
        alloc("ana", "c2", "mon", "14:00", "16:00"),  # the listed pair holds both ways
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("ana", "c2", "tue", "10:00", "12:00"),  # same site: no travel
    )

    assert travel_time.check(build(), week) == []


def test_it_is_broken_when_the_next_allocation_starts_too_soon(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "b1", "mon", "10:30", "12:00"),
        alloc("ana", "b1", "tue", "08:00", "10:00"),
        alloc("ana", "c1", "tue", "10:30", "12:00"),
        alloc("bia", "gym", "tue", "08:00", "10:00"),
    )

    found = travel_time.check(build(), week)

    assert [(i.premissa, i.rule, i.professional, i.date, i.start, i.end) for i in found] == [
        ("travel:centro:bairro", "travel_time", "ana", dt.date(2026, 12, 7), 600, 630),
        ("travel:bairro:centro", "travel_time", "ana", dt.date(2026, 12, 8), 600, 630),
    ]
    assert "Centro" in found[0].message and "Bairro" in found[0].message and "60 minutos" in found[0].message


def test_it_holds_when_the_default_travel_time_passes(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "b1", "mon", "10:30", "12:00"))

    assert travel_time.check(build(travel_minutes=None), week) == []


def test_it_is_broken_when_the_default_travel_time_does_not_pass(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "b1", "mon", "10:00", "12:00"))

    found = travel_time.check(build(travel_minutes=None), week)

    assert [(i.premissa, i.start, i.end) for i in found] == [("travel:centro:bairro", 600, 600)]

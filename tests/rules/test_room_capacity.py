import datetime as dt

from rules import room_capacity

MON = dt.date(2026, 12, 7)


def test_it_holds_when_rooms_stay_within_capacity(build, alloc, schedule):
    week = schedule(
        alloc("bia", "gym", "mon", "08:00", "12:00"),
        alloc("caio", "gym", "mon", "08:00", "12:00"),  # the gym takes two
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("caio", "c1", "mon", "10:00", "12:00"),  # half-open: touching is not sharing
    )

    assert room_capacity.check(build(), week) == []


def test_it_is_broken_when_a_room_takes_more_than_its_capacity(build, alloc, schedule):
    week = schedule(
        alloc("bia", "gym", "mon", "08:00", "12:00"),
        alloc("caio", "gym", "mon", "09:00", "11:00"),
        alloc("ana", "gym", "mon", "10:00", "12:00"),
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("caio", "c1", "mon", "09:00", "11:00"),
    )

    found = room_capacity.check(build(), week)

    assert sorted((i.premissa, i.room, i.date, i.start, i.end) for i in found) == [
        ("room:c1:capacity", "c1", MON, 540, 600),
        ("room:gym:capacity", "gym", MON, 600, 660),
    ]
    assert {i.rule for i in found} == {"room_capacity"}
    gym = next(i for i in found if i.room == "gym")
    assert "Ginásio" in gym.message and "Ana Souza" in gym.message and "10:00–11:00" in gym.message


def test_it_is_broken_once_when_overloaded_segments_touch(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("bia", "c1", "tue", "09:00", "12:00"),
        alloc("caio", "c1", "tue", "09:30", "11:00"),
    )

    found = room_capacity.check(build(), week)

    assert [(i.premissa, i.start, i.end) for i in found] == [("room:c1:capacity", 540, 660)]
    assert "recebe 3 atendimentos" in found[0].message  # the peak of the stretch

from rules import room_kind


def test_it_holds_when_rooms_are_of_the_professionals_kind(build, alloc, schedule):
    instance = build(professionals={"caio": {"room_kind": None}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("bia", "gym", "mon", "08:00", "10:00"),
        alloc("caio", "c2", "mon", "08:00", "10:00"),  # no room kind: any room
    )

    assert room_kind.check(instance, week) == []


def test_it_is_broken_when_a_room_is_of_another_kind(build, alloc, schedule):
    week = schedule(
        alloc("ana", "gym", "mon", "08:00", "10:00"),
        alloc("bia", "c1", "tue", "08:00", "10:00"),
        alloc("caio", "gym", "tue", "08:00", "10:00"),
    )

    found = room_kind.check(build(), week)

    assert [(i.premissa, i.rule, i.professional, i.room) for i in found] == [
        ("professional:ana:room_kind", "room_kind", "ana", "gym"),
        ("professional:bia:room_kind", "room_kind", "bia", "c1"),
    ]
    assert "Ginásio" in found[0].message and "consultorio" in found[0].message

from rules import room_reserved

GYM_MORNINGS = {"id": "fisio", "kind": "room_reserved", "label": "Ginásio só fisioterapia", "room": "gym",
                "professionals": ["bia", "caio"], "weekday": "tue", "start": "07:00", "end": "12:00"}
CAIO_MIDDAY = {"id": "caio", "kind": "room_reserved", "label": "Ginásio do Caio", "room": "gym",
               "professionals": ["caio"], "weekday": "tue", "start": "10:00", "end": "14:00"}


def test_it_holds_when_only_listed_professionals_use_a_reserved_room(build, alloc, schedule):
    week = schedule(
        alloc("bia", "gym", "tue", "08:00", "10:00"),
        alloc("caio", "gym", "tue", "08:00", "14:00"),  # listed in both reservations
        alloc("ana", "gym", "tue", "14:00", "16:00"),  # after both windows
        alloc("ana", "gym", "wed", "08:00", "10:00"),  # another weekday
    )

    assert room_reserved.check(build(rules=[GYM_MORNINGS, CAIO_MIDDAY]), week) == []


def test_it_is_broken_when_someone_unlisted_uses_a_reserved_room(build, alloc, schedule):
    week = schedule(alloc("ana", "gym", "tue", "11:00", "13:00"))

    found = room_reserved.check(build(rules=[GYM_MORNINGS]), week)

    assert [(i.premissa, i.rule, i.professional, i.room, i.start, i.end) for i in found] == [
        ("fisio", "room_reserved", "ana", "gym", 660, 720)
    ]
    assert "Ginásio só fisioterapia" in found[0].message


def test_it_is_broken_when_overlapping_reservations_each_leave_someone_out(build, alloc, schedule):
    week = schedule(
        alloc("bia", "gym", "tue", "09:00", "13:00"),  # listed in fisio, not in caio
        alloc("ana", "gym", "tue", "11:00", "12:00"),  # listed in neither
    )

    found = room_reserved.check(build(rules=[GYM_MORNINGS, CAIO_MIDDAY]), week)

    assert sorted((i.premissa, i.professional, i.start, i.end) for i in found) == [
        ("caio", "ana", 660, 720),
        ("caio", "bia", 600, 780),
        ("fisio", "ana", 660, 720),
    ]

import datetime as dt

from rules import room_block

BLOCK = {"id": "obra", "kind": "room_block", "label": "Sala 2 em manutenção", "room": "c2",
         "date": "2026-12-08", "start": "13:00", "end": "17:00"}


def test_it_holds_when_no_allocation_meets_a_block(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c2", "tue", "08:00", "13:00"),  # ends as the block starts
        alloc("ana", "c2", "wed", "13:00", "17:00"),  # another date
        alloc("caio", "c1", "tue", "13:00", "17:00"),  # another room
    )

    assert room_block.check(build(rules=[BLOCK]), week) == []


def test_it_is_broken_when_an_allocation_meets_a_block(build, alloc, schedule):
    whole_fridays = {"id": "sexta", "kind": "room_block", "label": "Limpeza", "room": "c1", "weekday": "fri"}
    week = schedule(
        alloc("ana", "c2", "tue", "12:00", "14:00"),
        alloc("ana", "c1", "fri", "18:00", "19:00"),
        alloc("ana", "c1", "thu", "18:00", "19:00"),
    )

    found = room_block.check(build(rules=[BLOCK, whole_fridays]), week)

    assert [(i.premissa, i.rule, i.room, i.date, i.start, i.end) for i in found] == [
        ("obra", "room_block", "c2", dt.date(2026, 12, 8), 780, 840),
        ("sexta", "room_block", "c1", dt.date(2026, 12, 11), 1080, 1140),
    ]
    assert "Sala 2 em manutenção" in found[0].message

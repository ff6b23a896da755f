from rules import changed

ANA_MONDAY = {"professional": "ana", "room": "c1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
BIA_TUESDAY = {"professional": "bia", "room": "gym", "date": "2026-12-08", "start": "08:00", "end": "10:00"}
NEXT_WEEK = {"professional": "ana", "room": "c1", "date": "2026-12-14", "start": "08:00", "end": "10:00"}


def test_it_holds_when_the_previous_week_is_kept(build, alloc, schedule):
    instance = build(previous=[ANA_MONDAY, NEXT_WEEK])  # entries outside the week are ignored
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "c1", "mon", "10:00", "12:00"))

    assert changed.value(instance, week) == 0
    assert changed.check(instance, week) == []


def test_it_is_broken_when_previous_minutes_are_not_kept(build, alloc, schedule):
    instance = build(previous=[ANA_MONDAY, BIA_TUESDAY, NEXT_WEEK])
    week = schedule(
        alloc("ana", "c1", "mon", "09:00", "11:00"),  # keeps 2h of ana's 4h
        alloc("ana", "c2", "mon", "11:00", "12:00"),  # another room does not keep it
        alloc("bia", "gym", "wed", "08:00", "10:00"),  # another date does not keep it
    )

    assert changed.value(instance, week) == 240
    found = changed.check(instance, week)
    assert [(i.premissa, i.rule, i.severity, i.professional, i.start, i.end) for i in found] == [
        ("previous:0", "changed", "soft", "ana", 480, 720),
        ("previous:1", "changed", "soft", "bia", 480, 600),
    ]
    assert "2h mudaram (08:00–09:00, 11:00–12:00)" in found[0].message

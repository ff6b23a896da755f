import datetime as dt

from rules import fragments


def test_it_holds_when_each_day_is_one_run(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "c1", "mon", "10:00", "12:00"),
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("bia", "gym", "mon", "08:00", "10:00"),
        alloc("caio", "gym", "mon", "10:00", "12:00"),  # other people's runs never merge or split hers
    )

    assert fragments.value(build(), week) == 0
    assert fragments.check(build(), week) == []


def test_it_is_broken_when_a_day_splits_into_several_runs(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "c2", "mon", "10:00", "12:00"),  # change of room
        alloc("ana", "c1", "mon", "14:00", "16:00"),  # gap
        alloc("ana", "c1", "tue", "08:00", "09:00"),
        alloc("ana", "c1", "tue", "10:00", "11:00"),
        alloc("bia", "gym", "wed", "08:00", "10:00"),
    )

    assert fragments.value(build(), week) == 3
    found = fragments.check(build(), week)
    assert [(i.premissa, i.rule, i.severity, i.professional, i.date) for i in found] == [
        ("professional:ana:fragments", "fragments", "soft", "ana", dt.date(2026, 12, 7)),
        ("professional:ana:fragments", "fragments", "soft", "ana", dt.date(2026, 12, 8)),
    ]
    assert "3 blocos" in found[0].message and "Sala 2 10:00–12:00" in found[0].message

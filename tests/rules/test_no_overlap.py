import datetime as dt

from rules import no_overlap

MON = dt.date(2026, 12, 7)


def test_it_holds_when_a_professional_is_in_one_place_at_a_time(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "c2", "mon", "10:00", "12:00"),
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("bia", "gym", "mon", "08:00", "12:00"),
    )

    assert no_overlap.check(build(), week) == []


def test_it_is_broken_when_a_professional_overlaps_themself(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "c2", "mon", "09:00", "11:00"),
        alloc("bia", "gym", "mon", "08:00", "12:00"),
    )

    found = no_overlap.check(build(), week)

    assert [(i.premissa, i.rule, i.professional, i.date, i.start, i.end) for i in found] == [
        ("professional:ana:overlap", "no_overlap", "ana", MON, 540, 600)
    ]
    assert "Ana Souza" in found[0].message and "Sala 1" in found[0].message and "Sala 2" in found[0].message

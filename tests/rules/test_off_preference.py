from rules import off_preference


def test_it_holds_when_allocations_follow_preferences(build, alloc, schedule):
    instance = build(professionals={"ana": {"preferred_sites": ["centro"], "preferred_rooms": ["c1"]}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("bia", "gym", "mon", "08:00", "10:00"),  # no preferences
    )

    assert off_preference.value(instance, week) == 0
    assert off_preference.check(instance, week) == []


def test_it_is_broken_when_allocations_fall_outside_preferences(build, alloc, schedule):
    instance = build(
        professionals={
            "ana": {"preferred_sites": ["centro"], "preferred_rooms": ["c1"]},
            "bia": {"preferred_rooms": ["gym"]},
        }
    )
    week = schedule(
        alloc("ana", "c2", "mon", "08:00", "10:00"),  # right site, wrong room: 120
        alloc("ana", "b1", "tue", "08:00", "11:00"),  # wrong site and wrong room: 180 + 180
        alloc("bia", "gym", "tue", "08:00", "10:00"),
    )

    assert off_preference.value(instance, week) == 480
    found = off_preference.check(instance, week)
    assert [(i.premissa, i.rule, i.severity, i.room) for i in found] == [
        ("professional:ana:preferred_rooms", "off_preference", "soft", "c2"),
        ("professional:ana:preferred_sites", "off_preference", "soft", "b1"),
        ("professional:ana:preferred_rooms", "off_preference", "soft", "b1"),
    ]
    assert "Bairro" in found[1].message and "fora das unidades" in found[1].message
    assert "Sala B1" in found[2].message and "fora das salas" in found[2].message

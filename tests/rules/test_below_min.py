from rules import below_min


def test_it_holds_when_everyone_reaches_their_minimum(build, alloc, schedule):
    instance = build(professionals={"ana": {"min_weekly_hours": 4}})
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "c2", "tue", "08:00", "10:00"))

    assert below_min.value(instance, week) == 0
    assert below_min.check(instance, week) == []


def test_it_is_broken_when_someone_is_below_their_minimum(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"min_weekly_hours": 6}, "bia": {"min_weekly_hours": 2.5}},
        rules=[
            {"id": "min-bia", "kind": "hours_limit", "professional": "bia", "min_weekly_hours": 1},  # below her own
            {"id": "min-ana", "kind": "hours_limit", "professional": "ana", "min_weekly_hours": 6},  # equal to hers
            {"id": "min-caio", "kind": "hours_limit", "professional": "caio", "min_weekly_hours": 1},
        ],
    )
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),  # 360 − 240 = 120
        alloc("bia", "gym", "mon", "08:00", "09:00"),  # 150 − 60 = 90
        alloc("bia", "gym", "2026-12-14", "08:00", "10:00"),  # outside the week: does not count
    )  # caio: 60 − 0 = 60, minimum set by the rule

    assert below_min.value(instance, week) == 270
    found = below_min.check(instance, week)
    assert [(i.premissa, i.rule, i.severity, i.professional) for i in found] == [
        ("professional:ana:min_weekly_hours", "below_min", "soft", "ana"),
        ("professional:bia:min_weekly_hours", "below_min", "soft", "bia"),
        ("min-caio", "below_min", "soft", "caio"),
    ]
    assert "Ana Souza tem 4h" in found[0].message and "6h" in found[0].message and "faltam 2h" in found[0].message
    assert "faltam 1h30" in found[1].message

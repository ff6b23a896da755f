import datetime as dt

from rules import sites_per_day

ONE_SITE = {"id": "uma", "kind": "max_sites_per_day", "label": "Uma unidade por dia", "value": 1}


def test_it_holds_when_each_day_stays_within_the_site_limit(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "c2", "mon", "10:00", "12:00"),  # two rooms, one site
        alloc("ana", "b1", "tue", "08:00", "10:00"),
    )

    assert sites_per_day.check(build(rules=[ONE_SITE]), week) == []


def test_it_holds_when_no_rule_limits_sites(build, alloc, schedule):
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"), alloc("ana", "b1", "mon", "12:00", "14:00"))

    assert sites_per_day.check(build(), week) == []


def test_it_is_broken_when_a_day_spans_too_many_sites(build, alloc, schedule):
    loose = {"id": "duas", "kind": "max_sites_per_day", "value": 2}
    only_ana_on_tuesday = {"id": "terca", "kind": "max_sites_per_day", "professional": "ana", "weekday": "tue",
                           "value": 1}
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "10:00"),
        alloc("ana", "b1", "mon", "12:00", "14:00"),
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("ana", "b1", "tue", "12:00", "14:00"),
    )

    assert sites_per_day.check(build(rules=[loose, only_ana_on_tuesday]), week)[0].premissa == "terca"
    found = sites_per_day.check(build(rules=[loose, ONE_SITE]), week)

    assert [(i.premissa, i.rule, i.professional, i.date) for i in found] == [
        ("uma", "sites_per_day", "ana", dt.date(2026, 12, 7)),
        ("uma", "sites_per_day", "ana", dt.date(2026, 12, 8)),
    ]
    assert "Centro, Bairro" in found[0].message and "Uma unidade por dia" in found[0].message

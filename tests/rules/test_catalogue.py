import subprocess
import sys

from rules import catalogue
from rules.catalogue import DEFAULT_WEIGHTS


def test_hard_modules_are_numbered_in_order():
    assert [m.ID for m in catalogue.HARD] == [f"H{n}" for n in range(1, len(catalogue.HARD) + 1)]


def test_every_hard_module_opens_its_docstring_with_its_id_and_label():
    for module in catalogue.HARD:
        assert module.__doc__.startswith(f"{module.ID} — {module.LABEL}:"), module.__name__


def test_every_objective_term_has_a_default_weight():
    assert set(catalogue.TERMS) == set(DEFAULT_WEIGHTS)
    for module in catalogue.SOFT:
        assert module.LABEL and callable(module.value) and callable(module.check), module.__name__


def test_each_rule_kind_is_declared_by_one_module():
    declared = [k.kind for m in catalogue.HARD + catalogue.SOFT for k in getattr(m, "KINDS", ())]
    assert sorted(declared) == sorted(catalogue.RULE_KINDS) and len(declared) == len(set(declared))


def test_it_finds_nothing_on_a_valid_schedule(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"min_block_minutes": 120, "max_daily_hours": 8}},
        rules=[
            {"id": "uma", "kind": "max_sites_per_day", "professional": "bia", "value": 1},
            {"id": "fisio", "kind": "room_reserved", "room": "gym", "professionals": ["bia", "caio"]},
        ],
        pins=[{"professional": "ana", "room": "c1", "date": "2026-12-12", "start": "08:00", "end": "12:00"}],
    )
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),
        alloc("ana", "b1", "mon", "13:00", "17:00"),
        alloc("ana", "c1", "sat", "08:00", "12:00"),
        alloc("bia", "gym", "mon", "08:00", "12:00"),
        alloc("caio", "gym", "mon", "08:00", "12:00"),
    )

    assert catalogue.check_all(instance, week) == []
    assert catalogue.terms(instance, week)["fragments"] == 1


def test_it_finds_nothing_soft_on_a_schedule_that_meets_every_wish(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"min_weekly_hours": 4, "preferred_rooms": ["c1"]}},
        previous=[{"professional": "ana", "room": "c1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}],
    )
    week = schedule(alloc("ana", "c1", "mon", "08:00", "12:00"))

    assert catalogue.check_all(instance, week, soft=True) == []
    assert catalogue.objective(instance, catalogue.terms(instance, week)) == 0


def test_it_names_the_module_that_found_each_inconsistency(build, alloc, schedule):
    instance = build(professionals={"ana": {"target_weekly_hours": 3}})
    week = schedule(alloc("ana", "gym", "sun", "08:00", "10:00"))

    found = catalogue.check_all(instance, week, soft=True)

    assert sorted((i.rule, i.premissa) for i in found) == [
        ("below_target", "professional:ana:target_weekly_hours"),
        ("opening_hours", "site:centro:opening_hours"),
        ("room_kind", "professional:ana:room_kind"),
        ("worst_below_target", "professional:ana:target_weekly_hours"),
    ]
    assert catalogue.terms(instance, week)["below_target"] == 60
    assert catalogue.objective(instance, catalogue.terms(instance, week)) == 10 * 60 + 10 * 60


def test_it_imports_no_web_or_solver_code():
    probe = (
        "import sys, rules.catalogue; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'rest_framework', 'celery', 'google', "
        "'googleapiclient', 'ortools'}))"
    )

    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "[]"

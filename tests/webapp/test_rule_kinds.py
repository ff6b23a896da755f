"""The rule catalogue, the instance schema and the database agree on every premissa kind and its fields."""
import io

import pytest
from django.core.management import call_command

from rules.catalogue import RULE_KINDS
from rules.kinds import FIELDS
from rules.schema import instance_schema
from webapp.api.serializers import RuleSerializer
from webapp.api.week import WeekRuleSerializer
from webapp.clinic.models import Rule


def test_every_catalogue_kind_is_a_database_choice_with_its_label():
    assert dict(Rule._meta.get_field("kind").choices) == {k.kind: k.label for k in RULE_KINDS.values()}


def test_the_database_checks_each_kind_s_declared_fields():
    assert Rule.FIELDS == {k.kind: (set(k.required), set(k.fields)) for k in RULE_KINDS.values()}


def test_every_field_of_the_vocabulary_is_a_column_of_the_rule_table():
    columns = {f.name for f in Rule._meta.get_fields()}
    assert set(FIELDS) <= columns


def test_the_schema_knows_exactly_the_catalogue_s_kinds_and_fields():
    rules = instance_schema()["properties"]["rules"]["items"]
    assert rules["properties"]["kind"]["enum"] == list(RULE_KINDS)
    declared = {b["if"]["properties"]["kind"]["const"]: b["then"] for b in rules["allOf"]}
    for kind in RULE_KINDS.values():
        assert set(declared[kind.kind]["properties"]) == set(kind.fields)
        assert declared[kind.kind]["required"] == list(kind.required)


def test_the_api_and_the_week_board_carry_every_field():
    assert set(FIELDS) <= set(RuleSerializer().fields)
    assert set(FIELDS) <= set(WeekRuleSerializer().fields)


def test_a_new_kind_needs_no_migration(db):
    """The kind's choices are read from the catalogue when asked, so the migrations never list them."""
    out = io.StringIO()
    call_command("makemigrations", "clinic", "--check", "--dry-run", stdout=out)


@pytest.mark.parametrize("kind", list(RULE_KINDS.values()), ids=lambda k: k.kind)
def test_a_rule_of_each_kind_is_accepted_by_the_api_with_its_required_fields(kind, as_coordinator):
    sample = {
        "room": "sav-1", "site": "savassi", "professional": "p-ana", "professionals": ["p-ana"], "date": "2026-12-09",
        "value": 1, "max_weekly_hours": 10, "min_weekly_hours": 1, "max_daily_hours": 6, "weekday": "mon",
        "start": "08:00", "end": "12:00", "except_dates": ["2026-12-07"],
    }  # fmt: skip
    body = {"code": f"k-{kind.kind}".replace("_", "-"), "kind": kind.kind, "label": kind.label}
    body |= {f: sample[f] for f in kind.required}
    response = as_coordinator.post("/api/rules/", body, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("kind", list(RULE_KINDS.values()), ids=lambda k: k.kind)
def test_the_week_board_shows_a_rule_of_each_kind_with_its_label(kind, as_coordinator, clinic):
    from webapp.schedules.adapter import import_instance
    from tests.webapp.conftest import TINY

    sample = {"room": "sav-1", "site": "savassi", "professional": "p-ana", "professionals": ["p-ana"],
              "date": "2026-12-09", "value": 1}  # fmt: skip
    doc = {**TINY, "rules": [{"id": "k-1", "kind": kind.kind, "label": "Exemplo", **{f: sample[f] for f in kind.required}}]}
    import_instance(doc)
    rules = as_coordinator.get("/api/weeks/2026-12-07/").json()["rules"]
    assert [(r["kind"], r["kind_label"]) for r in rules if r["id"] == "k-1"] == [(kind.kind, kind.label)]


def test_an_unknown_kind_is_refused_naming_the_field(as_coordinator):
    response = as_coordinator.post("/api/rules/", {"code": "x", "kind": "nope", "label": "?"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()

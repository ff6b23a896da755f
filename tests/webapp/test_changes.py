"""The changes language (solver/changes.py): validation names the field, application is pure."""
import copy
import datetime as dt

import jsonschema
import pytest

from rules.errors import DocumentError
from rules.instance import parse_instance
from solver.changes import (
    CHANGES_FORMAT,
    JSON_SCHEMA,
    apply_changes,
    changes_document,
    only_allocation_changes,
    resolve_directive,
    validate_changes,
)

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
BIA_MON = {"professional": "p-bia", "room": "lou-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}


@pytest.fixture
def doc(tiny_doc):
    tiny_doc["previous"] = [dict(ANA_MON), dict(BIA_MON)]
    return tiny_doc


def rejects(doc, *changes) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        validate_changes(doc, changes_document(*changes))
    return info.value


def test_it_never_mutates_the_input(doc):
    before = copy.deepcopy(doc)
    apply_changes(doc, changes_document({"kind": "block_room", "room": "sav-1"}, {"kind": "move", "from": ANA_MON, "to": {"room": "lou-1", "start": "13:00", "end": "17:00"}}))
    assert doc == before


def test_every_result_is_a_valid_instance(doc):
    new = apply_changes(
        doc,
        changes_document(
            {"kind": "block_room", "room": "lou-1", "date": "2026-12-10", "start": "08:00", "end": "10:00"},
            {"kind": "mark_absent", "professional": "p-caio", "date": "2026-12-11"},
            {"kind": "set_hour_limits", "professional": "p-bia", "max_weekly_hours": 12.5},
            {"kind": "set_availability", "professional": "p-caio", "availability": [{"weekday": "tue", "start": "08:00", "end": "12:00"}]},
            {"kind": "swap", "a": ANA_MON, "b": BIA_MON},
            {"kind": "add_saturday_entry", "professional": "p-caio", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "10:00"},
            {"kind": "resolve", "minimal_change": True},
        ),
    )
    parse_instance(new)


def test_block_room_adds_a_room_block_rule(doc):
    new = apply_changes(doc, changes_document({"kind": "block_room", "room": "lou-1", "date": "2026-12-10"}))
    added = [r for r in new["rules"] if r["kind"] == "room_block" and r["room"] == "lou-1"]
    assert added == [{"id": "mudanca-1", "kind": "room_block", "room": "lou-1", "date": "2026-12-10", "label": "Sala L1 bloqueada (simulação)"}]


def test_unblock_room_removes_the_block_by_rule_id(doc):
    new = apply_changes(doc, changes_document({"kind": "unblock_room", "rule": "r-1"}))
    assert not [r for r in new["rules"] if r["id"] == "r-1"]


def test_unblock_room_on_one_date_keeps_a_week_long_block_on_the_other_days(doc):
    doc["rules"].append({"id": "r-9", "kind": "room_block", "label": "obra", "room": "lou-1"})
    new = apply_changes(doc, changes_document({"kind": "unblock_room", "room": "lou-1", "date": "2026-12-07"}))
    [kept] = [r for r in new["rules"] if r["id"] == "r-9"]
    assert kept["except_dates"] == ["2026-12-07"]
    rule = next(r for r in parse_instance(new).rules if r.id == "r-9")
    assert not rule.applies_on(dt.date(2026, 12, 7)) and rule.applies_on(dt.date(2026, 12, 8))


def test_unblock_room_on_one_date_lifts_a_weekday_block_on_that_date_only(doc):
    doc["rules"].append({"id": "r-9", "kind": "room_block", "label": "obra", "room": "lou-1", "weekday": "mon"})
    new = apply_changes(doc, changes_document({"kind": "unblock_room", "rule": "r-9", "date": "2026-12-07"}))
    assert [r["except_dates"] for r in new["rules"] if r["id"] == "r-9"] == [["2026-12-07"]]


def test_mark_absent_without_a_date_is_one_rule_per_date_of_the_week(doc):
    new = apply_changes(doc, changes_document({"kind": "mark_absent", "professional": "p-ana"}))
    added = [r for r in new["rules"] if r["kind"] == "unavailable"]
    assert [r["date"] for r in added] == [f"2026-12-{d:02d}" for d in range(7, 14)]
    assert {r["label"] for r in added} == {"Ana Souza ausente na semana (simulação)"}


def test_unblock_room_rejects_a_room_without_blocks(doc):
    assert rejects(doc, {"kind": "unblock_room", "room": "lou-1"}).field == "changes[0].room"


def test_mark_absent_adds_an_unavailable_rule(doc):
    new = apply_changes(doc, changes_document({"kind": "mark_absent", "professional": "p-ana", "date": "2026-12-09"}))
    rule = new["rules"][-1]
    assert rule["kind"] == "unavailable" and rule["professional"] == "p-ana" and rule["date"] == "2026-12-09"
    assert "Ana Souza ausente" in rule["label"]


def test_set_hour_limits_overrides_a_personal_hours_limit(doc):
    new = apply_changes(doc, changes_document({"kind": "set_hour_limits", "professional": "p-bia", "max_weekly_hours": 16}))
    bia = next(p for p in new["professionals"] if p["id"] == "p-bia")
    assert bia["max_weekly_hours"] == 16
    assert not [r for r in new["rules"] if r["id"] == "r-2"]  # the 10 h cap would have overridden the raise
    assert parse_instance(new).limits("p-bia").max_weekly == 16 * 60


def test_set_hour_limits_rejects_fractions_of_minutes(doc):
    error = rejects(doc, {"kind": "set_hour_limits", "professional": "p-bia", "max_weekly_hours": 10.01})
    assert error.field == "changes[0].max_weekly_hours"


def test_set_availability_replaces_the_windows(doc):
    new = apply_changes(doc, changes_document({"kind": "set_availability", "professional": "p-bia", "availability": []}))
    assert next(p for p in new["professionals"] if p["id"] == "p-bia")["availability"] == []


def test_pin_and_unpin(doc):
    pinned = apply_changes(doc, changes_document({"kind": "pin", **BIA_MON}))
    assert {**BIA_MON, "source": "manual"} in pinned["pins"]
    unpinned = apply_changes(pinned, changes_document({"kind": "unpin", **BIA_MON}))
    assert {**BIA_MON, "source": "manual"} not in unpinned["pins"]
    assert BIA_MON in unpinned["previous"]  # still scheduled, just not pinned


def test_unpin_rejects_an_allocation_that_is_not_pinned(doc):
    assert rejects(doc, {"kind": "unpin", **BIA_MON}).field == "changes[0]"


def test_move_replaces_the_allocation_and_pins_the_target(doc):
    new = apply_changes(doc, changes_document({"kind": "move", "from": ANA_MON, "to": {"room": "lou-1", "start": "13:00", "end": "17:00"}}))
    target = {**ANA_MON, "room": "lou-1", "start": "13:00", "end": "17:00"}
    assert ANA_MON not in new["previous"] and target in new["previous"]
    assert {**target, "source": "board"} in new["pins"]


def test_move_rejects_an_unknown_allocation(doc):
    ghost = {**ANA_MON, "start": "14:00", "end": "15:00"}
    assert rejects(doc, {"kind": "move", "from": ghost, "to": {"room": "lou-1"}}).field == "changes[0].from"


def test_move_rejects_a_target_off_the_grain(doc):
    error = rejects(doc, {"kind": "move", "from": ANA_MON, "to": {"start": "08:15"}})
    assert error.field == "changes[0].to.start"


def test_swap_exchanges_the_professionals(doc):
    new = apply_changes(doc, changes_document({"kind": "swap", "a": ANA_MON, "b": BIA_MON}))
    assert {**ANA_MON, "professional": "p-bia"} in new["previous"]
    assert {**BIA_MON, "professional": "p-ana"} in new["previous"]
    assert all(p["source"] == "swap" for p in new["pins"] if p["date"] == "2026-12-07")


def test_swap_rejects_the_same_professional(doc):
    other = {**ANA_MON, "start": "13:00", "end": "15:00"}
    doc["previous"].append(other)
    assert rejects(doc, {"kind": "swap", "a": ANA_MON, "b": other}).field == "changes[0].b.professional"


def test_add_saturday_entry_pins_a_saturday(doc):
    entry = {"professional": "p-caio", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "10:00"}
    new = apply_changes(doc, changes_document({"kind": "add_saturday_entry", **entry}))
    assert {**entry, "source": "saturday"} in new["pins"]


def test_add_saturday_entry_rejects_a_weekday(doc):
    error = rejects(doc, {"kind": "add_saturday_entry", **BIA_MON})
    assert (error.field, error.message) == ("changes[0].date", "a escala de sábado precisa cair num sábado")


def test_resolve_without_minimal_change_drops_previous(doc):
    new = apply_changes(doc, changes_document({"kind": "resolve", "minimal_change": False}))
    assert new["previous"] == []
    assert resolve_directive(changes_document({"kind": "resolve", "minimal_change": False})) == {"kind": "resolve", "minimal_change": False}


def test_it_allows_a_single_resolve(doc):
    error = rejects(doc, {"kind": "resolve", "minimal_change": True}, {"kind": "resolve", "minimal_change": False})
    assert error.field == "changes[1]"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "block_room", "room": "nope"}, "changes[0].room"),
        ({"kind": "block_room", "room": "sav-1", "date": "2026-12-20"}, "changes[0].date"),
        ({"kind": "block_room", "room": "sav-1", "start": "10:00"}, "changes[0].end"),
        ({"kind": "block_room", "room": "sav-1", "start": "10:00", "end": "09:00"}, "changes[0].end"),
        ({"kind": "mark_absent", "professional": "p-zeca"}, "changes[0].professional"),
        ({"kind": "pin", "professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "8h", "end": "12:00"}, "changes[0].start"),
        ({"kind": "pin", "professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00"}, "changes[0].end"),
        ({"kind": "block_room", "room": "sav-1", "colour": "red"}, "changes[0].colour"),
        ({"kind": "explode"}, "changes[0].kind"),
        ({"kind": "set_hour_limits", "professional": "p-ana"}, "changes[0].max_weekly_hours"),
        ({"kind": "set_availability", "professional": "p-ana", "availability": [{"start": "08:00", "end": "09:00"}]}, "changes[0].availability[0]"),
    ],
)
def test_it_names_the_bad_field(doc, change, field):
    assert rejects(doc, change).field == field


def test_it_rejects_a_document_of_another_format(doc):
    with pytest.raises(DocumentError) as info:
        validate_changes(doc, {"format": "agendador.changes/9", "changes": []})
    assert info.value.field == "format"


def test_messages_are_in_portuguese(doc):
    assert rejects(doc, {"kind": "mark_absent", "professional": "p-zeca"}).message == "profissional desconhecido: p-zeca"


def test_the_published_schema_accepts_what_the_validator_accepts(doc):
    jsonschema.Draft202012Validator.check_schema(JSON_SCHEMA)
    good = changes_document({"kind": "move", "from": ANA_MON, "to": {"room": "lou-1"}}, {"kind": "resolve", "minimal_change": True})
    jsonschema.validate(good, JSON_SCHEMA)
    validate_changes(doc, good)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(changes_document({"kind": "move", "from": ANA_MON}), JSON_SCHEMA)
    assert good["format"] == CHANGES_FORMAT


def test_only_allocation_changes():
    assert only_allocation_changes(changes_document({"kind": "move", "from": ANA_MON, "to": {}}))
    assert not only_allocation_changes(changes_document({"kind": "block_room", "room": "sav-1"}))


def test_the_changes_module_needs_no_django():
    import subprocess
    import sys

    code = "import sys, solver.changes; assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework', 'celery')]"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0

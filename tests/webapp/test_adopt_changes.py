"""Approving a what-if stores its changes as premissas and pins (never before)."""
import datetime as dt

from tests.webapp.conftest import WEEK, make_version
from webapp.clinic.models import Pin, Professional, Rule
from webapp.schedules import actions

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}


def _what_if(coordinator, *changes):
    base = make_version([tuple(ANA_MON.values()), ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")], status="published")
    doc = {"format": "agendador.changes/1", "changes": list(changes)}
    run = actions.do_run_solve(actions.do_start_solve("what_if", WEEK, base_version=base, changes=doc, user=coordinator, enqueue=False).pk)
    return run.version


def test_nothing_is_stored_before_approval(coordinator):
    _what_if(coordinator, {"kind": "block_room", "room": "lou-1", "date": "2026-12-10"})
    assert not Rule.objects.filter(kind="room_block", room__code="lou-1").exists()


def test_approval_stores_the_scenario(coordinator):
    version = _what_if(
        coordinator,
        {"kind": "block_room", "room": "lou-1", "date": "2026-12-10", "label": "Pintura"},
        {"kind": "unblock_room", "rule": "r-1"},
        {"kind": "mark_absent", "professional": "p-caio", "date": "2026-12-11"},
        {"kind": "set_hour_limits", "professional": "p-bia", "max_weekly_hours": 16},
        {"kind": "set_availability", "professional": "p-caio", "availability": [{"weekday": "tue", "start": "08:00", "end": "12:00"}]},
        {"kind": "move", "from": ANA_MON, "to": {"room": "lou-1"}},
        {"kind": "resolve", "minimal_change": True},
    )
    actions.do_approve_version(version, coordinator)
    assert Rule.objects.get(kind="room_block", room__code="lou-1").label == "Pintura"
    assert Rule.objects.get(code="r-1").active is False
    assert Rule.objects.get(kind="unavailable", professional__code="p-caio").date == dt.date(2026, 12, 11)
    bia = Professional.objects.get(code="p-bia")
    assert bia.max_weekly_hours == 16 and Rule.objects.get(code="r-2").active is False
    assert [(w.weekday, w.start) for w in Professional.objects.get(code="p-caio").availability.all()] == [("tue", "08:00")]
    assert Pin.objects.filter(professional__code="p-ana", room__code="lou-1", date="2026-12-07", source="board").exists()


def test_a_one_day_unblock_of_a_standing_rule_is_reported_not_stored(coordinator):
    Rule.objects.create(code="r-9", kind="room_block", label="Obra", room=Rule.objects.get(code="r-1").room, weekday="fri")
    version = _what_if(coordinator, {"kind": "unblock_room", "rule": "r-9", "date": "2026-12-11"})
    assert actions.do_adopt_changes(version, coordinator) == [
        "Obra: desbloqueio de um só dia não foi gravado (a premissa vale toda semana)"
    ]
    assert Rule.objects.get(code="r-9").active is True

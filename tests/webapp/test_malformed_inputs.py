"""A corpus of malformed API payloads and changes documents: each gets a 400 naming the field, in pt-BR,
and leaves every stored row exactly as it was (row contents hashed before and after)."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.apps import apps

from tests.webapp.conftest import client_for

WEEK = "2026-12-07"
ALLOC = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00"}
HUGE = 10**30
LONG = "x" * 100_000


def changes(*items):
    return {"format": "agendador.changes/1", "changes": list(items)}


def what_if(*items, **extra):
    return {"kind": "what_if", "week_start": WEEK, "changes": changes(*items), **extra}


def deep(levels: int):
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


# (name, method, path, body, a field the answer must name); {version} is the solved draft's id.
CORPUS = [
    # sites
    ("site without code", "post", "/api/sites/", {"name": "Centro"}, "code"),
    ("site code too long", "post", "/api/sites/", {"code": LONG, "name": "Centro"}, "code"),
    ("site name null", "post", "/api/sites/", {"code": "centro", "name": None}, "name"),
    ("site hours not a dict", "post", "/api/sites/", {"code": "centro", "name": "C", "opening_hours": "8-18"}, "opening_hours"),
    ("site hours unknown day", "post", "/api/sites/", {"code": "centro", "name": "C", "opening_hours": {"dom": ["08:00", "12:00"]}}, "dom"),
    ("site hours end before start", "post", "/api/sites/", {"code": "centro", "name": "C", "opening_hours": {"mon": ["18:00", "08:00"]}}, "mon"),
    ("site hours not a time", "post", "/api/sites/", {"code": "centro", "name": "C", "opening_hours": {"mon": ["25:00", "26:00"]}}, "opening_hours"),
    ("site hours one time", "post", "/api/sites/", {"code": "centro", "name": "C", "opening_hours": {"mon": ["08:00"]}}, "opening_hours"),
    ("site holidays not a boolean", "patch", "/api/sites/savassi/", {"observe_holidays": "talvez"}, "observe_holidays"),
    ("site duplicate code", "post", "/api/sites/", {"code": "savassi", "name": "Outra"}, "code"),
    # rooms
    ("room unknown site", "post", "/api/rooms/", {"code": "r9", "site": "nenhuma", "name": "R9"}, "site"),
    ("room negative capacity", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "capacity": -1}, "capacity"),
    ("room huge capacity", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "capacity": HUGE}, "capacity"),
    ("room capacity a word", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "capacity": "um"}, "capacity"),
    ("room kinds not a list", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "kinds": "consultorio"}, "kinds"),
    ("room kind with spaces", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "kinds": ["sala grande"]}, "kinds"),
    ("room kinds deeply nested", "post", "/api/rooms/", {"code": "r9", "site": "savassi", "name": "R9", "kinds": deep(500)}, "kinds"),
    # professionals
    ("professional negative hours", "patch", "/api/professionals/p-ana/", {"min_weekly_hours": -4}, "min_weekly_hours"),
    ("professional huge hours", "patch", "/api/professionals/p-ana/", {"max_weekly_hours": HUGE}, "max_weekly_hours"),
    ("professional hours a word", "patch", "/api/professionals/p-ana/", {"target_weekly_hours": "oito"}, "target_weekly_hours"),
    ("professional block off the grain", "patch", "/api/professionals/p-ana/", {"min_block_minutes": 45}, "min_block_minutes"),
    ("professional min above max", "patch", "/api/professionals/p-ana/", {"min_weekly_hours": 30, "max_weekly_hours": 10}, "min_weekly_hours"),
    ("availability end before start", "patch", "/api/professionals/p-ana/", {"availability": [{"weekday": "mon", "start": "12:00", "end": "08:00"}]}, "availability"),
    ("availability unknown weekday", "patch", "/api/professionals/p-ana/", {"availability": [{"weekday": "dom", "start": "08:00", "end": "12:00"}]}, "availability"),
    ("availability weekday and date", "patch", "/api/professionals/p-ana/", {"availability": [{"weekday": "mon", "date": "2026-12-07", "start": "08:00", "end": "12:00"}]}, "availability"),
    ("availability bad date", "patch", "/api/professionals/p-ana/", {"availability": [{"date": "2026-02-30", "start": "08:00", "end": "12:00"}]}, "availability"),
    ("professional unknown preferred site", "patch", "/api/professionals/p-ana/", {"preferred_sites": ["nenhuma"]}, "preferred_sites"),
    # premissas
    ("rule unknown kind", "post", "/api/rules/", {"code": "r-9", "kind": "teleporte", "label": "x"}, "kind"),
    ("room block without room", "post", "/api/rules/", {"code": "r-9", "kind": "room_block", "label": "x", "date": "2026-12-09", "start": "08:00", "end": "12:00"}, "room"),
    ("rule impossible date", "post", "/api/rules/", {"code": "r-9", "kind": "room_block", "label": "x", "room": "sav-1", "date": "2026-02-30", "start": "08:00", "end": "12:00"}, "date"),
    ("rule end before start", "post", "/api/rules/", {"code": "r-9", "kind": "room_block", "label": "x", "room": "sav-1", "date": "2026-12-09", "start": "12:00", "end": "08:00"}, "end"),
    ("rule unknown professional", "post", "/api/rules/", {"code": "r-9", "kind": "unavailable", "label": "x", "professional": "p-zeca", "date": "2026-12-09"}, "professional"),
    ("rule except_dates not dates", "patch", "/api/rules/r-1/", {"except_dates": ["amanhã"]}, "except_dates"),
    # pins
    ("pin unknown professional", "post", "/api/pins/", {**ALLOC, "professional": "p-zeca"}, "professional"),
    ("pin unknown room", "post", "/api/pins/", {**ALLOC, "room": "sav-9"}, "room"),
    ("pin end before start", "post", "/api/pins/", {**ALLOC, "start": "12:00", "end": "08:00"}, "end"),
    ("pin unknown source", "post", "/api/pins/", {**ALLOC, "source": "magia"}, "source"),
    ("pin bad time", "post", "/api/pins/", {**ALLOC, "start": "8h"}, "start"),
    # site closures and travel times
    ("closure unknown site", "post", "/api/site-closures/", {"site": "nenhuma", "date": "2026-12-09", "reason": "x"}, "site"),
    ("closure bad kind", "post", "/api/site-closures/", {"site": "savassi", "date": "2026-12-09", "kind": "talvez", "reason": "x"}, "kind"),
    ("travel same site", "post", "/api/travel-times/", {"from_site": "savassi", "to_site": "savassi", "minutes": 10}, "to_site"),
    ("travel negative minutes", "post", "/api/travel-times/", {"from_site": "lourdes", "to_site": "savassi", "minutes": -5}, "minutes"),
    # what-ifs: the run's own fields
    ("run week not a Monday", "post", "/api/runs/", {"kind": "weekly", "week_start": "2026-12-08"}, "week_start"),
    ("run unknown base version", "post", "/api/runs/", {"kind": "what_if", "base_version": HUGE}, "base_version"),
    ("run time limit zero", "post", "/api/runs/", {"kind": "weekly", "week_start": WEEK, "time_limit": 0}, "time_limit"),
    ("run time limit huge", "post", "/api/runs/", {"kind": "weekly", "week_start": WEEK, "time_limit": 1e12}, "time_limit"),
    ("run negative seed", "post", "/api/runs/", {"kind": "weekly", "week_start": WEEK, "seed": -1}, "seed"),
    ("run changes a list", "post", "/api/runs/", {"kind": "what_if", "week_start": WEEK, "changes": []}, "changes"),
    # what-ifs: the changes document
    ("changes wrong format", "post", "/api/runs/", {"kind": "what_if", "week_start": WEEK, "changes": {"format": "x/9", "changes": []}}, "changes"),
    ("change unknown kind", "post", "/api/runs/", what_if({"kind": "teleport"}), "changes"),
    ("block unknown room", "post", "/api/runs/", what_if({"kind": "block_room", "room": "sav-9", "date": "2026-12-09", "start": "08:00", "end": "12:00"}), "room"),
    ("block outside the week", "post", "/api/runs/", what_if({"kind": "block_room", "room": "sav-1", "date": "2027-03-01", "start": "08:00", "end": "12:00"}), "date"),
    ("block off the grain", "post", "/api/runs/", what_if({"kind": "block_room", "room": "sav-1", "date": "2026-12-09", "start": "08:10", "end": "12:00"}), "start"),
    ("block end before start", "post", "/api/runs/", what_if({"kind": "block_room", "room": "sav-1", "date": "2026-12-09", "start": "12:00", "end": "08:00"}), "changes"),
    ("absent unknown professional", "post", "/api/runs/", what_if({"kind": "mark_absent", "professional": "p-zeca", "date": "2026-12-09"}), "professional"),
    ("hour limits a word", "post", "/api/runs/", what_if({"kind": "set_hour_limits", "professional": "p-ana", "max_weekly_hours": "muitas"}), "max_weekly_hours"),
    ("hour limits huge", "post", "/api/runs/", what_if({"kind": "set_hour_limits", "professional": "p-ana", "max_weekly_hours": HUGE}), "max_weekly_hours"),
    ("hour limits negative", "post", "/api/runs/", what_if({"kind": "set_hour_limits", "professional": "p-ana", "min_weekly_hours": -2}), "min_weekly_hours"),
    ("hour limits min above max", "post", "/api/runs/", what_if({"kind": "set_hour_limits", "professional": "p-ana", "min_weekly_hours": 30, "max_weekly_hours": 10}), "min_weekly_hours"),
    ("daily hours above a day", "post", "/api/runs/", what_if({"kind": "set_hour_limits", "professional": "p-ana", "max_daily_hours": 25}), "max_daily_hours"),
    ("availability overlapping", "post", "/api/runs/", what_if({"kind": "set_availability", "professional": "p-ana", "availability": [{"weekday": "mon", "start": "08:00", "end": "12:00"}, {"weekday": "mon", "start": "10:00", "end": "14:00"}]}), "availability"),
    ("availability overlapping on a date", "post", "/api/runs/", what_if({"kind": "set_availability", "professional": "p-ana", "availability": [{"date": "2026-12-09", "start": "08:00", "end": "12:00"}, {"date": "2026-12-09", "start": "08:00", "end": "09:00"}]}), "availability"),
    ("two resolves", "post", "/api/runs/", what_if({"kind": "resolve"}, {"kind": "resolve"}), "changes"),
    ("change a string", "post", "/api/runs/", {"kind": "what_if", "week_start": WEEK, "changes": {"format": "agendador.changes/1", "changes": ["bloquear"]}}, "changes"),
    # board edits
    ("edit moves what is not there", "post", "/api/versions/{version}/edit/", changes({"kind": "move", "from": {**ALLOC, "date": "2026-12-09"}, "to": {"room": "lou-1"}}), "changes"),
    ("edit kind a board cannot", "post", "/api/versions/{version}/edit/", changes({"kind": "mark_absent", "professional": "p-ana", "date": "2026-12-09"}), "changes"),
    ("edit without changes", "post", "/api/versions/{version}/edit/", {"format": "agendador.changes/1", "changes": []}, "changes"),
    ("edit accept not a boolean", "post", "/api/versions/{version}/edit/", {**changes({"kind": "unpin", **ALLOC}), "accept_inconsistencies": "talvez"}, "accept_inconsistencies"),
    # prompts and login
    ("prompt too long", "post", "/api/prompts/", {"prompt": LONG, "week_start": WEEK}, "prompt"),
    ("prompt empty", "post", "/api/prompts/", {"prompt": "   ", "week_start": WEEK}, "prompt"),
    ("prompt week not a Monday", "post", "/api/prompts/", {"prompt": "bloqueie a sala 1", "week_start": "2026-12-09"}, "week_start"),
    ("login username too long", "post", "/api/auth/session/", {"username": LONG, "password": "x"}, "username"),
]

ENGLISH = re.compile(r"\b(the|must|is not|invalid|this field|expected|ensure|required|not a valid)\b", re.I)


def _rows() -> str:
    """A digest of every row of every table the project owns (and the users)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in ("clinic", "schedules", "gcal", "auth", "authtoken"):
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _keys_and_messages(body, prefix=""):
    keys, messages = [], []
    if isinstance(body, dict):
        for key, value in body.items():
            keys.append(f"{prefix}{key}")
            k, m = _keys_and_messages(value, f"{prefix}{key}.")
            keys += k
            messages += m
    elif isinstance(body, list):
        for i, value in enumerate(body):
            k, m = _keys_and_messages(value, f"{prefix}{i}.")
            keys += k
            messages += m
    else:
        messages.append(str(body))
    return keys, messages


def _name(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 50 and len({_name(c) for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("name, method, path, body, field", CORPUS, ids=[_name(c) for c in CORPUS])
def test_it_is_a_portuguese_400_naming_the_field_and_nothing_changes(coordinator, solved_version, name, method, path, body, field):
    client = client_for(coordinator)
    before = _rows()
    answer = getattr(client, method)(path.format(version=solved_version.pk), body, format="json")
    assert answer.status_code == 400, (answer.status_code, answer.content[:300])
    keys, messages = _keys_and_messages(answer.json())
    assert any(field in key for key in keys) or any(field in m for m in messages), (field, answer.json())
    assert messages and not any(ENGLISH.search(m) for m in messages), messages
    assert _rows() == before


def test_undecodable_json_is_a_portuguese_400(coordinator):
    answer = client_for(coordinator).generic("POST", "/api/rooms/", "{\"code\": \"\xe9".encode("latin-1"), "application/json")
    assert answer.status_code == 400 and not ENGLISH.search(json.dumps(answer.json()))

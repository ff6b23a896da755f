"""Change history of the clinic's configuration (who and when, in the admin), export_config at a past moment,
import_config restoring it, and a bad file changing nothing."""
from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone

from tests.webapp.conftest import WEEK
from webapp.clinic import models as cm
from webapp.clinic.history import CONFIG_MODELS

WEEK_ARG = ["--week", WEEK.isoformat()]


def export(tmp_path, name, *extra) -> dict:
    path = tmp_path / name
    call_command("export_config", *WEEK_ARG, "--output", str(path), *extra)
    return json.loads(path.read_text(encoding="utf-8"))


def config_fingerprint() -> str:
    """Every configuration row, its many-to-many links and every history row, hashed."""
    digest = hashlib.sha256()
    for model in CONFIG_MODELS:
        for m in (model, model.history.model):
            rows = list(m.objects.order_by("pk").values())
            digest.update(json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True).encode())
        for field in model._meta.many_to_many:
            digest.update(json.dumps(list(field.remote_field.through.objects.order_by("pk").values())).encode())
    return digest.hexdigest()


def test_a_change_through_the_api_is_kept_with_who_and_when(as_coordinator, coordinator):
    room = cm.Room.objects.get(code="sav-1")
    before = timezone.now()
    response = as_coordinator.patch(f"/api/rooms/{room.code}/", {"name": "Sala Azul"}, format="json")
    assert response.status_code == 200, response.content
    record = room.history.order_by("-history_date", "-history_id").first()
    assert (record.name, record.history_type, record.history_user) == ("Sala Azul", "~", coordinator)
    assert record.history_date >= before
    assert record.prev_record.name == "Sala 1"


@pytest.mark.parametrize("model", ["site", "room", "professional", "rule", "pin"])
def test_the_history_is_browsable_in_the_admin(coordinator, model):
    browser = Client()
    browser.force_login(coordinator)
    obj = {"site": cm.Site, "room": cm.Room, "professional": cm.Professional, "rule": cm.Rule,
           "pin": cm.Pin}[model].objects.first()  # fmt: skip
    if model == "room":
        obj.name = "Sala Verde"
        obj._history_user = coordinator
        obj.save()
    page = browser.get(f"/admin/clinic/{model}/{obj.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    if model == "room":
        assert "Sala Verde" in html and "coord" in html


def test_export_at_a_moment_before_a_change_finds_the_old_values(clinic, tmp_path):
    moment = timezone.now()
    room = clinic_room = clinic_models_room("sav-1")
    room.name, room.capacity = "Sala reformada", 2
    room.save()
    cm.Rule.objects.filter(code="r-2").update(active=False)  # a bulk write is history too
    cm.Pin.objects.filter(source="saturday").delete()
    person = cm.Professional.objects.get(code="p-ana")
    person.preferred_rooms.set([clinic_room])

    then = export(tmp_path, "then.json", "--at", moment.isoformat())
    now = export(tmp_path, "now.json")

    assert {r["id"]: (r["name"], r["capacity"]) for r in then["rooms"]}["sav-1"] == ("Sala 1", 1)
    assert {r["id"]: (r["name"], r["capacity"]) for r in now["rooms"]}["sav-1"] == ("Sala reformada", 2)
    assert "r-2" in {r["id"] for r in then["rules"]} and "r-2" not in {r["id"] for r in now["rules"]}
    assert [p["source"] for p in then["pins"]] == ["saturday"] and now["pins"] == []
    assert {p["id"]: p["preferred_rooms"] for p in then["professionals"]}["p-ana"] == []
    assert {p["id"]: p["preferred_rooms"] for p in now["professionals"]}["p-ana"] == ["sav-1"]
    # Many-to-many links come back as they were too.
    middle = timezone.now()
    person.preferred_rooms.clear()
    assert {p["id"]: p["preferred_rooms"] for p in export(tmp_path, "mid.json", "--at", middle.isoformat())["professionals"]}["p-ana"] == ["sav-1"]
    # The history agrees with the tables: an export at this moment is today's.
    now = export(tmp_path, "now.json")
    assert export(tmp_path, "at-now.json", "--at", timezone.now().isoformat()) == now
    # Exporting the past changed nothing today.
    assert clinic_models_room("sav-1").name == "Sala reformada"
    assert export(tmp_path, "again.json") == now


def clinic_models_room(code):
    return cm.Room.objects.get(code=code)


def test_export_before_any_history_says_so(clinic, tmp_path):
    with pytest.raises(CommandError, match="Não há configuração registrada no histórico"):
        call_command("export_config", *WEEK_ARG, "--at", "2020-01-01")


def test_round_trip_export_wipe_import_export_is_equal(clinic, tmp_path):
    person = cm.Professional.objects.get(code="p-ana")
    person.preferred_sites.set(cm.Site.objects.filter(code="lourdes"))
    cm.SiteClosure.objects.create(site=cm.Site.objects.get(code="lourdes"), date=WEEK, reason="reforma")
    first = export(tmp_path, "first.json")
    assert first["rooms"] and first["rules"] and first["pins"] and first["professionals"]

    for model in reversed(CONFIG_MODELS):
        model.objects.all().delete()
    assert export(tmp_path, "empty.json")["rooms"] == []

    call_command("import_config", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))
    assert export(tmp_path, "second.json") == first


def test_someone_away_all_week_keeps_their_own_hour_limit_through_a_round_trip(clinic, tmp_path):
    # Caio is available only on a date of another week: the export says "max 0 hours" for this week.
    caio = cm.Professional.objects.get(code="p-caio")
    caio.max_weekly_hours = 30
    caio.save()
    cm.Availability.objects.create(professional=caio, date="2026-12-15", start="08:00", end="12:00")
    doc = export(tmp_path, "away.json")
    assert next(p for p in doc["professionals"] if p["id"] == "p-caio")["max_weekly_hours"] == 0
    call_command("import_config", str(tmp_path / "away.json"), stdout=open("/dev/null", "w"))
    caio.refresh_from_db()
    assert caio.max_weekly_hours == 30
    assert caio.availability.filter(date="2026-12-15").exists()
    assert export(tmp_path, "again.json") == doc


def test_import_restores_an_older_configuration(clinic, tmp_path):
    old = export(tmp_path, "old.json")
    cm.Room.objects.create(code="sav-2", site=cm.Site.objects.get(code="savassi"), name="Sala 2")
    room = clinic_models_room("lou-1")
    room.name = "outra"
    room.save()
    call_command("import_config", str(tmp_path / "old.json"), stdout=open("/dev/null", "w"))
    assert export(tmp_path, "back.json") == old
    assert clinic_models_room("sav-2").active is False


def _bad(doc):
    doc["rooms"][0]["capacity"] = "muitas"
    return "rooms[0].capacity"


def _unknown_site(doc):
    doc["rooms"][1]["site"] = "pampulha"
    return "rooms[1].site"


def _long_code(doc):
    doc["professionals"][2]["id"] = "x" * 60
    return "professionals[2].id"


def _long_name(doc):
    doc["rules"][0]["label"] = "y" * 201
    return "rules[0].label"


def _bad_time(doc):
    doc["pins"][0]["end"] = "25:00"
    return "pins[0].end"


@pytest.mark.parametrize("spoil", [_bad, _unknown_site, _long_code, _long_name, _bad_time])
def test_a_bad_file_names_the_field_and_changes_nothing(clinic, tmp_path, spoil):
    doc = export(tmp_path, "good.json")
    field = spoil(doc)
    # The spoilt document's other rows would change the database if they were written.
    doc["rooms"][-1]["name"] = "Nome novo que não pode entrar"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = config_fingerprint()
    with pytest.raises(CommandError) as err:
        call_command("import_config", str(path))
    assert err.value.returncode == 2
    assert field in str(err.value) and "Nada foi alterado" in str(err.value)
    assert config_fingerprint() == before


def test_a_file_that_is_not_json_changes_nothing(clinic, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "agendador.instance/1", ', encoding="utf-8")
    before = config_fingerprint()
    with pytest.raises(CommandError, match="JSON inválido na linha 1"):
        call_command("import_config", str(path))
    assert config_fingerprint() == before

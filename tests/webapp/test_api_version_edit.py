from tests.webapp.conftest import make_version
from webapp.clinic.models import Pin
from webapp.schedules.adapter import version_allocations

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
BIA_MON = {"professional": "p-bia", "room": "lou-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
MOVE = {"format": "agendador.changes/1", "changes": [{"kind": "move", "from": ANA_MON, "to": {"start": "13:00", "end": "17:00"}}]}


def _version(status="draft"):
    return make_version([tuple(ANA_MON.values()), tuple(BIA_MON.values())], status=status)


def url(version):
    return f"/api/versions/{version.pk}/edit/"


def test_it_works(as_coordinator):
    parent = _version(status="published")
    response = as_coordinator.post(url(parent), MOVE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["source"], body["parent"]) == ("draft", "manual", parent.pk)
    from webapp.schedules.models import ScheduleVersion

    edited = version_allocations(ScheduleVersion.objects.get(pk=body["id"]))
    moved = next(a for a in edited if a["professional"] == "p-ana" and a["date"] == "2026-12-07")
    assert (moved["start"], moved["end"], moved["pinned"], moved["source"]) == ("13:00", "17:00", True, "board")
    assert Pin.objects.filter(professional__code="p-ana", date="2026-12-07", start="13:00", source="board").exists()
    assert len(version_allocations(parent)) == 2  # the parent never changes


def test_a_swap_and_a_saturday_entry_become_pins(as_coordinator):
    parent = _version()
    changes = {
        "format": "agendador.changes/1",
        "changes": [
            {"kind": "swap", "a": ANA_MON, "b": BIA_MON},
            {"kind": "add_saturday_entry", "professional": "p-caio", "room": "sav-1", "date": "2026-12-12", "start": "10:00", "end": "12:00"},
        ],
    }
    assert as_coordinator.post(url(parent), changes, format="json").status_code == 201
    sources = sorted(Pin.objects.values_list("source", flat=True))
    assert sources == ["saturday", "saturday", "swap", "swap"]


def test_a_stale_edit_gets_a_409(as_coordinator):
    parent = _version()
    first = as_coordinator.post(url(parent), MOVE, format="json")
    second = as_coordinator.post(url(parent), MOVE, format="json")
    assert second.status_code == 409
    assert second.json()["latest_version"] == first.json()["id"]


def test_it_denies_anonymous(anonymous):
    assert anonymous.post(url(_version()), MOVE, format="json").status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    parent = _version()
    assert as_viewer.post(url(parent), MOVE, format="json").status_code == 403
    assert as_ana.post(url(parent), MOVE, format="json").status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    parent = _version()
    ghost = {**ANA_MON, "start": "15:00", "end": "16:00"}
    missing = as_coordinator.post(url(parent), {**MOVE, "changes": [{"kind": "move", "from": ghost, "to": {"room": "lou-1"}}]}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"changes[0].from": ["alocação não encontrada na agenda"]}
    premissa = as_coordinator.post(url(parent), {**MOVE, "changes": [{"kind": "block_room", "room": "sav-1"}]}, format="json")
    assert premissa.status_code == 400 and "changes" in premissa.json()
    assert as_coordinator.post(url(parent), {"changes": []}, format="json").status_code == 400

"""POST /api/versions/<id>/undo/: a board edit undone — its draft set aside, its pins as they were."""
from tests.webapp.conftest import make_version
from webapp.clinic.models import Pin
from webapp.schedules.models import ScheduleVersion

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
BIA_MON = {"professional": "p-bia", "room": "lou-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
MOVE = {"format": "agendador.changes/1", "changes": [{"kind": "move", "from": ANA_MON, "to": {"start": "13:00", "end": "17:00"}}]}


def _edited(client):
    parent = make_version([tuple(ANA_MON.values()), tuple(BIA_MON.values())])
    response = client.post(f"/api/versions/{parent.pk}/edit/", MOVE, format="json")
    assert response.status_code == 201, response.json()
    return parent, ScheduleVersion.objects.get(pk=response.json()["id"])


def _board_pins():
    return sorted(Pin.objects.filter(source="board").values_list("professional__code", "date", "start", "end"))


def test_it_answers_the_parent_and_sets_the_edit_aside(as_coordinator):
    parent, edited = _edited(as_coordinator)
    response = as_coordinator.post(f"/api/versions/{edited.pk}/undo/")
    assert response.status_code == 200
    assert response.json()["id"] == parent.pk
    edited.refresh_from_db()
    assert edited.status == "superseded"


def test_it_removes_the_pin_the_edit_made(as_coordinator):
    _, edited = _edited(as_coordinator)
    assert len(_board_pins()) == 1
    as_coordinator.post(f"/api/versions/{edited.pk}/undo/")
    assert _board_pins() == []


def test_it_brings_back_a_pin_the_edit_unpinned(as_coordinator):
    Pin.objects.create(professional_id=_prof("p-ana"), room_id=_room("sav-1"), date="2026-12-07", start="08:00", end="12:00", source="saturday")
    parent = make_version([tuple(ANA_MON.values())])
    unpin = {"format": "agendador.changes/1", "changes": [{"kind": "unpin", **ANA_MON}]}
    edited = as_coordinator.post(f"/api/versions/{parent.pk}/edit/", unpin, format="json").json()["id"]
    monday = Pin.objects.filter(date="2026-12-07")
    assert not monday.exists()
    as_coordinator.post(f"/api/versions/{edited}/undo/")
    assert list(monday.values_list("source", "start", "end")) == [("saturday", "08:00", "12:00")]


def test_after_an_undo_the_parent_can_be_edited_again(as_coordinator):
    parent, edited = _edited(as_coordinator)
    as_coordinator.post(f"/api/versions/{edited.pk}/undo/")
    again = as_coordinator.post(f"/api/versions/{parent.pk}/edit/", MOVE, format="json")
    assert again.status_code == 201, again.json()


def test_only_the_newest_edit_can_be_undone(as_coordinator):
    _, edited = _edited(as_coordinator)
    back = {"format": "agendador.changes/1", "changes": [{"kind": "move", "from": {**ANA_MON, "start": "13:00", "end": "17:00"}, "to": {"start": "08:00", "end": "12:00"}}]}
    assert as_coordinator.post(f"/api/versions/{edited.pk}/edit/", back, format="json").status_code == 201
    response = as_coordinator.post(f"/api/versions/{edited.pk}/undo/")
    assert response.status_code == 409
    assert "desfaça a mais recente" in response.json()["detail"]


def test_a_solver_version_cannot_be_undone(as_coordinator):
    version = make_version([tuple(ANA_MON.values())], source="solver")
    response = as_coordinator.post(f"/api/versions/{version.pk}/undo/")
    assert response.status_code == 409
    assert ScheduleVersion.objects.get(pk=version.pk).status == "draft"


def test_a_viewer_cannot_undo(as_coordinator, as_viewer):
    _, edited = _edited(as_coordinator)
    assert as_viewer.post(f"/api/versions/{edited.pk}/undo/").status_code == 403
    edited.refresh_from_db()
    assert edited.status == "draft"


def _prof(code):
    from webapp.clinic.models import Professional

    return Professional.objects.get(code=code).pk


def _room(code):
    from webapp.clinic.models import Room

    return Room.objects.get(code=code).pk

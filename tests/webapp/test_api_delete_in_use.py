"""DELETE of a site, room or professional that history uses: a pt-BR 409 saying why and what to do
instead (deactivate), and nothing deleted. What nothing uses still deletes."""
from webapp.clinic.models import Professional, Room, Site


def test_a_room_in_a_version_is_not_deleted(as_coordinator, solved_version):
    room = solved_version.allocations.first().room.code
    answer = as_coordinator.delete(f"/api/rooms/{room}/")
    assert answer.status_code == 409
    assert "alocaç" in answer.json()["detail"] and "desative-a (active: false)" in answer.json()["detail"]
    assert Room.objects.filter(code=room).exists()


def test_a_professional_in_a_version_is_not_deleted(as_coordinator, solved_version):
    professional = solved_version.allocations.first().professional.code
    answer = as_coordinator.delete(f"/api/professionals/{professional}/")
    assert answer.status_code == 409 and "desative-o" in answer.json()["detail"]
    assert Professional.objects.filter(code=professional).exists()


def test_a_site_with_rooms_is_not_deleted(as_coordinator):
    answer = as_coordinator.delete("/api/sites/savassi/")
    assert answer.status_code == 409 and "1 sala" in answer.json()["detail"]
    assert Site.objects.filter(code="savassi").exists()


def test_what_nothing_uses_still_deletes(as_coordinator):
    assert as_coordinator.delete("/api/professionals/p-caio/").status_code == 204


def test_a_deactivated_room_shows_in_the_versions_inconsistencies(as_coordinator, solved_version):
    room = solved_version.allocations.first().room.code
    assert as_coordinator.patch(f"/api/rooms/{room}/", {"active": False}, format="json").status_code == 200
    found = as_coordinator.get(f"/api/versions/{solved_version.pk}/inconsistencies/").json()
    assert any(i["rule"] == "inactive" and i["room"] == room for i in found)

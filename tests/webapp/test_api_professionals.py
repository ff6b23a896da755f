import pytest

URL = "/api/professionals/"
NEW = {
    "code": "p-duda",
    "name": "Duda Alves",
    "room_kind": "consultorio",
    "min_weekly_hours": "6.50",
    "max_weekly_hours": "20.00",
    "min_block_minutes": 90,
    "preferred_sites": ["lourdes"],
    "availability": [{"weekday": "tue", "start": "08:00", "end": "12:00"}, {"date": "2026-12-12", "start": "08:00", "end": "10:00"}],
}


@pytest.fixture
def created(as_coordinator):
    return as_coordinator.post(URL, NEW, format="json")


def test_a_coordinator_creates_a_professional(created):
    assert created.status_code == 201, created.json()


def test_availability_reads_back_every_window_exactly(created, as_coordinator):
    body = as_coordinator.get(URL + "p-duda/").json()
    by_day = sorted(body["availability"], key=lambda w: (w["weekday"], w["date"] or ""))  # no order is promised
    assert by_day == [
        {"weekday": "", "date": "2026-12-12", "start": "08:00", "end": "10:00"},
        {"weekday": "tue", "date": None, "start": "08:00", "end": "12:00"},
    ]


def test_preferred_sites_read_back(created, as_coordinator):
    assert as_coordinator.get(URL + "p-duda/").json()["preferred_sites"] == ["lourdes"]


def test_patching_an_empty_availability_clears_the_windows(created, as_coordinator):
    updated = as_coordinator.patch(URL + "p-duda/", {"availability": []}, format="json")
    assert updated.json()["availability"] == []


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.post(URL, NEW, format="json").status_code == 403
    assert as_ana.get(URL).status_code == 403  # a professional reads only their own allocations


def test_it_rejects_bad_input(as_coordinator):
    bad = {
        **NEW,
        "min_weekly_hours": "6.33",
        "min_block_minutes": 45,
        "availability": [{"weekday": "tue", "date": "2026-12-08", "start": "08:00", "end": "12:00"}],
    }
    response = as_coordinator.post(URL, bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["min_weekly_hours"] == ["As horas precisam corresponder a um número inteiro de minutos."]
    assert body["min_block_minutes"] == ["O bloco mínimo precisa ser múltiplo de 30 minutos."]
    assert body["availability"]["0"]["weekday"] == ["Informe exatamente um entre dia da semana e data."]

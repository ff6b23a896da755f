import pytest

from tests.webapp.conftest import make_version

URL = "/api/versions/"
ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
BIA_MON = ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")
CAIO_THU = ("p-caio", "lou-1", "2026-12-10", "13:00", "17:00")


@pytest.fixture
def draft(clinic):
    draft = make_version([ANA_MON, BIA_MON, CAIO_THU])
    make_version([ANA_MON], status="published")
    return draft


def test_a_weeks_versions_list_newest_first_with_status_and_allocation_count(draft, as_viewer):
    listed = as_viewer.get(URL, {"week_start": "2026-12-07"}).json()["results"]
    assert [(v["number"], v["status"], v["allocation_count"]) for v in listed] == [(2, "published", 1), (1, "draft", 3)]


def test_versions_filter_by_status(draft, as_viewer):
    assert len(as_viewer.get(URL, {"status": "draft"}).json()["results"]) == 1


def test_a_versions_detail_holds_every_allocation(draft, as_viewer):
    assert len(as_viewer.get(f"{URL}{draft.pk}/").json()["allocations"]) == 3


def test_an_allocation_carries_the_names_a_board_shows(draft, as_viewer):
    detail = as_viewer.get(f"{URL}{draft.pk}/").json()
    ana = next(a for a in detail["allocations"] if a["professional"] == "p-ana")
    assert (ana["professional_name"], ana["room_name"], ana["site"]) == ("Ana Souza", "Sala 1", "savassi")


def test_it_filters_allocations(as_viewer):
    version = make_version([ANA_MON, BIA_MON, CAIO_THU])
    url = f"{URL}{version.pk}/"

    def codes(**query):
        return sorted(a["professional"] for a in as_viewer.get(url, query).json()["allocations"])

    assert codes(site="lourdes") == ["p-bia", "p-caio"]
    assert codes(room="sav-1") == ["p-ana"]
    assert codes(professional="p-caio") == ["p-caio"]
    assert codes(date="2026-12-07") == ["p-ana", "p-bia"]


def test_a_professional_sees_only_own_allocations_of_published_versions(as_ana):
    draft = make_version([ANA_MON, BIA_MON])
    published = make_version([ANA_MON, BIA_MON], status="published")
    assert [v["id"] for v in as_ana.get(URL).json()["results"]] == [published.pk]
    assert as_ana.get(f"{URL}{draft.pk}/").status_code == 404
    allocations = as_ana.get(f"{URL}{published.pk}/").json()["allocations"]
    assert [a["professional"] for a in allocations] == ["p-ana"]


def test_it_denies_anonymous(anonymous):
    version = make_version([ANA_MON])
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.get(f"{URL}{version.pk}/").status_code in (401, 403)


def test_it_denies_wrong_role(nobody, as_viewer):
    from tests.webapp.conftest import client_for

    version = make_version([ANA_MON])
    assert client_for(nobody).get(URL).status_code == 403
    assert as_viewer.delete(f"{URL}{version.pk}/").status_code in (403, 405)


def test_it_rejects_bad_input(as_viewer):
    version = make_version([ANA_MON])
    assert as_viewer.get(URL, {"week_start": "amanhã"}).json() == {"week_start": ["Formato de data inválido. Use um dos formatos a seguir: YYYY-MM-DD."]}
    assert as_viewer.get(URL, {"status": "rascunho"}).status_code == 400
    assert "date" in as_viewer.get(f"{URL}{version.pk}/", {"date": "07/12"}).json()

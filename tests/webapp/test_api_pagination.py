"""Every list is paged by limit/offset; a bad page parameter is a pt-BR 400 naming it, never a 500."""
import pytest


@pytest.mark.parametrize(
    "query, field",
    [
        ({"limit": "73096980235712855015424"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "99999999999999999999999"}, "offset"),
        ({"offset": "um"}, "offset"),
    ],
)
def test_it_refuses_bad_page_parameters_naming_them(as_coordinator, query, field):
    answer = as_coordinator.get("/api/rooms/", query)
    assert answer.status_code == 400
    assert list(answer.json()) == [field] and "número inteiro" in answer.json()[field][0]


def test_it_pages_within_the_bounds(as_coordinator):
    page = as_coordinator.get("/api/rooms/", {"limit": "1", "offset": "1"}).json()
    assert page["count"] == 2 and len(page["results"]) == 1
    assert as_coordinator.get("/api/rooms/", {"limit": "1000", "offset": "1000000000"}).json()["results"] == []


def test_a_huge_id_filter_is_a_400_not_a_500(as_coordinator):
    assert as_coordinator.get("/api/prompts/", {"template": str(2**70)}).status_code == 400


def test_an_unknown_api_path_answers_json(as_coordinator):
    answer = as_coordinator.get("/api/pins/abc.def/")
    assert answer.status_code == 404 and answer.json() == {"detail": "Não encontrado."}

"""GET /api/weeks/<monday>/: what the board draws around the allocations."""


def test_it_lists_sites_rooms_people_and_premissas(as_viewer):
    response = as_viewer.get("/api/weeks/2026-12-07/")
    assert response.status_code == 200
    week = response.json()
    assert week["week_start"] == "2026-12-07"
    assert week["grain_minutes"] == 30
    assert {r["id"] for r in week["rooms"]} == {"sav-1", "lou-1"}
    ana = next(p for p in week["professionals"] if p["id"] == "p-ana")
    assert (ana["min_weekly_hours"], ana["target_weekly_hours"], ana["max_weekly_hours"]) == (4, 8, 20)
    block = next(r for r in week["rules"] if r["id"] == "r-1")
    assert (block["kind"], block["room"], block["date"], block["start"], block["end"]) == ("room_block", "sav-1", "2026-12-09", "13:00", "17:00")


def test_it_names_why_a_site_is_closed(as_viewer):
    week = as_viewer.get("/api/weeks/2026-12-07/").json()
    savassi = next(s for s in week["sites"] if s["id"] == "savassi")
    assert savassi["closed"] == [{"date": "2026-12-08", "reason": "Imaculada Conceição"}]
    assert savassi["opening_hours"]["sat"] == ["08:00", "12:00"]


def test_it_refuses_a_day_that_is_not_a_monday(as_viewer):
    response = as_viewer.get("/api/weeks/2026-12-08/")
    assert response.status_code == 400
    assert response.json() == {"week_start": ["A semana precisa começar numa segunda-feira."]}
    assert as_viewer.get("/api/weeks/ontem/").status_code == 400


def test_a_professional_cannot_read_the_whole_week(as_ana):
    assert as_ana.get("/api/weeks/2026-12-07/").status_code == 403

"""Read-only endpoints: prompts history, daily confirmations, the current user."""
import datetime as dt

from webapp.schedules.models import DailyConfirmation, PromptHistory


def test_prompts_it_works(as_viewer, coordinator):
    PromptHistory.objects.create(prompt="bloqueie a sala 1 na quarta", executor="offline", created_by=coordinator)
    body = as_viewer.get("/api/prompts/").json()["results"]
    assert body[0]["prompt"] == "bloqueie a sala 1 na quarta" and body[0]["created_by"] == "coord"


def test_prompts_deny_anonymous_and_wrong_role(anonymous, as_ana, as_viewer):
    assert anonymous.get("/api/prompts/").status_code in (401, 403)
    assert as_ana.get("/api/prompts/").status_code == 403
    assert as_viewer.post("/api/prompts/", {"prompt": "x"}, format="json").status_code == 403


def test_prompts_reject_bad_input(as_coordinator):
    answer = as_coordinator.post("/api/prompts/", {"prompt": "x"}, format="json")
    assert answer.status_code == 400 and "week_start" in answer.data
    answer = as_coordinator.get("/api/prompts/", {"limit": "muitos"})
    assert answer.status_code == 400 and "limit" in answer.json()
    assert as_coordinator.get("/api/prompts/abc/").status_code == 404


def test_confirmations_it_works(as_viewer):
    DailyConfirmation.objects.create(date=dt.date(2026, 12, 9), allocation_count=3)
    assert as_viewer.get("/api/confirmations/").json()["results"][0]["allocation_count"] == 3


def test_confirmations_deny_anonymous_and_wrong_role(anonymous, as_ana):
    assert anonymous.get("/api/confirmations/").status_code in (401, 403)
    assert as_ana.get("/api/confirmations/").status_code == 403


def test_confirmations_reject_bad_input(as_coordinator):
    assert as_coordinator.delete("/api/confirmations/1/").status_code == 405


def test_me_it_works(as_ana, as_coordinator):
    assert as_ana.get("/api/me/").json() == {"username": "ana", "role": "profissional", "professional": "p-ana"}
    assert as_coordinator.get("/api/me/").json()["role"] == "coordenador"


def test_me_denies_anonymous_and_roleless(anonymous, nobody):
    from tests.webapp.conftest import client_for

    assert anonymous.get("/api/me/").status_code in (401, 403)
    assert client_for(nobody).get("/api/me/").status_code == 403


def test_me_rejects_bad_input(as_coordinator):
    assert as_coordinator.post("/api/me/", {}, format="json").status_code in (403, 405)

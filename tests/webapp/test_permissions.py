"""Who may do what: anonymous, profissional, visualizador and coordenador × every operation of
docs/openapi.yaml, each with the status it gets.

A request carries an empty JSON body; an allowed role therefore often gets the 400 (or 404, 409) that
the operation answers for that body, never a 403, and a refused one always gets the 403. A new
operation fails `test_the_table_covers_every_operation` until it has its row here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.webapp.conftest import WEEK, client_for

SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text())
METHODS = ("get", "post", "put", "patch", "delete")
ROLES = ("anonymous", "profissional", "visualizador", "coordenador")

# (method, path): statuses for (anonymous, profissional, visualizador, coordenador)
TABLE: dict[tuple[str, str], tuple[int, int, int, int]] = {
    ("DELETE", "/api/auth/session/"): (204, 204, 204, 204),
    ("DELETE", "/api/pins/{id}/"): (403, 403, 403, 204),
    ("DELETE", "/api/professionals/{code}/"): (403, 403, 403, 409),
    ("DELETE", "/api/rooms/{code}/"): (403, 403, 403, 409),
    ("DELETE", "/api/rules/{code}/"): (403, 403, 403, 204),
    ("DELETE", "/api/site-closures/{id}/"): (403, 403, 403, 204),
    ("DELETE", "/api/sites/{code}/"): (403, 403, 403, 409),
    ("DELETE", "/api/travel-times/{id}/"): (403, 403, 403, 204),
    ("GET", "/api/auth/session/"): (401, 200, 200, 200),
    ("GET", "/api/confirmations/"): (403, 403, 200, 200),
    ("GET", "/api/confirmations/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/diff/"): (403, 403, 400, 400),
    ("GET", "/api/google/"): (403, 403, 200, 200),
    ("GET", "/api/google/authorize/"): (403, 403, 403, 400),
    ("GET", "/api/google/callback/"): (403, 403, 403, 400),
    ("GET", "/api/me/"): (403, 200, 200, 200),
    ("GET", "/api/pins/"): (403, 403, 200, 200),
    ("GET", "/api/pins/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/professionals/"): (403, 403, 200, 200),
    ("GET", "/api/professionals/{code}/"): (403, 403, 200, 200),
    ("GET", "/api/prompt-templates/"): (403, 403, 200, 200),
    ("GET", "/api/prompt-templates/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/prompts/"): (403, 403, 200, 200),
    ("GET", "/api/prompts/interpreters/"): (403, 403, 200, 200),
    ("GET", "/api/prompts/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/prompts/{id}/diff/"): (403, 403, 404, 404),
    ("GET", "/api/publish-runs/"): (403, 403, 200, 200),
    ("GET", "/api/publish-runs/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/rooms/"): (403, 200, 200, 200),
    ("GET", "/api/rooms/{code}/"): (403, 200, 200, 200),
    ("GET", "/api/rules/"): (403, 403, 200, 200),
    ("GET", "/api/rules/{code}/"): (403, 403, 200, 200),
    ("GET", "/api/runs/"): (403, 403, 200, 200),
    ("GET", "/api/runs/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/runs/{id}/diff/"): (403, 403, 200, 200),
    ("GET", "/api/runs/{id}/instance/"): (403, 403, 200, 200),
    ("GET", "/api/site-closures/"): (403, 403, 200, 200),
    ("GET", "/api/site-closures/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/sites/"): (403, 200, 200, 200),
    ("GET", "/api/sites/{code}/"): (403, 200, 200, 200),
    ("GET", "/api/sites/{code}/closed-dates/"): (403, 400, 400, 400),
    ("GET", "/api/travel-times/"): (403, 403, 200, 200),
    ("GET", "/api/travel-times/{id}/"): (403, 403, 200, 200),
    ("GET", "/api/versions/"): (403, 200, 200, 200),
    ("GET", "/api/versions/{id}/"): (403, 404, 200, 200),
    ("GET", "/api/versions/{id}/feasibility/"): (403, 403, 400, 400),
    ("GET", "/api/versions/{id}/inconsistencies/"): (403, 403, 200, 200),
    ("GET", "/api/versions/{id}/suggestions/"): (403, 403, 400, 400),
    ("GET", "/api/weeks/{week_start}/"): (403, 403, 200, 200),
    ("PATCH", "/api/pins/{id}/"): (403, 403, 403, 200),
    ("PATCH", "/api/professionals/{code}/"): (403, 403, 403, 200),
    ("PATCH", "/api/rooms/{code}/"): (403, 403, 403, 200),
    ("PATCH", "/api/rules/{code}/"): (403, 403, 403, 200),
    ("PATCH", "/api/site-closures/{id}/"): (403, 403, 403, 200),
    ("PATCH", "/api/sites/{code}/"): (403, 403, 403, 200),
    ("PATCH", "/api/travel-times/{id}/"): (403, 403, 403, 200),
    ("POST", "/api/auth/session/"): (400, 400, 400, 400),
    ("POST", "/api/auth/token/"): (400, 400, 400, 400),
    ("POST", "/api/pins/"): (403, 403, 403, 400),
    ("POST", "/api/professionals/"): (403, 403, 403, 400),
    ("POST", "/api/prompts/"): (403, 403, 403, 400),
    ("POST", "/api/prompts/{id}/approve/"): (403, 403, 403, 409),
    ("POST", "/api/prompts/{id}/discard/"): (403, 403, 403, 200),
    ("POST", "/api/prompts/{id}/replay/"): (403, 403, 403, 201),
    ("POST", "/api/prompts/{id}/run/"): (403, 403, 403, 409),
    ("POST", "/api/rooms/"): (403, 403, 403, 400),
    ("POST", "/api/rules/"): (403, 403, 403, 400),
    ("POST", "/api/runs/"): (403, 403, 403, 400),
    ("POST", "/api/runs/{id}/stop/"): (403, 403, 403, 409),
    ("POST", "/api/site-closures/"): (403, 403, 403, 400),
    ("POST", "/api/sites/"): (403, 403, 403, 400),
    ("POST", "/api/travel-times/"): (403, 403, 403, 400),
    ("POST", "/api/versions/{id}/approve/"): (403, 403, 403, 200),
    ("POST", "/api/versions/{id}/edit/"): (403, 403, 403, 400),
    ("POST", "/api/versions/{id}/publish/"): (403, 403, 403, 503),
    ("POST", "/api/versions/{id}/undo/"): (403, 403, 403, 409),
    ("PUT", "/api/pins/{id}/"): (403, 403, 403, 400),
    ("PUT", "/api/professionals/{code}/"): (403, 403, 403, 400),
    ("PUT", "/api/rooms/{code}/"): (403, 403, 403, 400),
    ("PUT", "/api/rules/{code}/"): (403, 403, 403, 400),
    ("PUT", "/api/site-closures/{id}/"): (403, 403, 403, 400),
    ("PUT", "/api/sites/{code}/"): (403, 403, 403, 400),
    ("PUT", "/api/travel-times/{id}/"): (403, 403, 403, 400),
}


@pytest.fixture
def world(clinic, coordinator, viewer, ana, solved_version):
    """One of everything, so every path names something that exists."""
    from webapp.clinic.models import Pin, Site, SiteClosure, TravelTime
    from webapp.gcal.models import PublishRun
    from webapp.schedules.models import DailyConfirmation, PromptHistory, PromptTemplate, SolveRun

    template = PromptTemplate.objects.create(name="Bloquear", text="bloqueie {sala} na {dia}")
    prompt = PromptHistory.objects.create(prompt="bloqueie a sala 1 na quarta", week_start=WEEK, executor="offline",
                                          created_by=coordinator)  # fmt: skip
    DailyConfirmation.objects.create(date=WEEK, allocation_count=1)
    PublishRun.objects.create(version=solved_version, requested_by=coordinator)
    # What {code}, {id} or {pk} means under each prefix.
    ids_by_prefix = {
        "/api/weeks/": WEEK.isoformat(),
        "/api/sites/": "savassi",
        "/api/rooms/": "sav-1",
        "/api/professionals/": "p-ana",
        "/api/rules/": "r-1",
        "/api/pins/": str(Pin.objects.first().pk),
        "/api/site-closures/": str(SiteClosure.objects.create(site=Site.objects.get(code="savassi"), date=WEEK, reason="Reforma").pk),
        "/api/travel-times/": str(TravelTime.objects.first().pk),
        "/api/versions/": str(solved_version.pk),
        "/api/runs/": str(SolveRun.objects.first().pk),
        "/api/prompts/": str(prompt.pk),
        "/api/prompt-templates/": str(template.pk),
        "/api/confirmations/": str(DailyConfirmation.objects.first().pk),
        "/api/publish-runs/": str(PublishRun.objects.first().pk),
    }
    clients = {"anonymous": client_for(None), "profissional": client_for(ana), "visualizador": client_for(viewer),
               "coordenador": client_for(coordinator)}  # fmt: skip
    return ids_by_prefix, clients


def _path(template: str, ids_by_prefix: dict) -> str:
    prefix = next(p for p in ids_by_prefix if template.startswith(p)) if "{" in template else None
    return re.sub(r"\{\w+\}", ids_by_prefix[prefix], template) if prefix else template


def _operations() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in SCHEMA["paths"].items() for method in item if method in METHODS}


def observe(world, method: str, path: str) -> tuple[int, ...]:
    ids_by_prefix, clients = world
    url = _path(path, ids_by_prefix)
    statuses = []
    for role in ROLES:
        send = getattr(clients[role], method.lower())
        answer = send(url, {}, format="json") if method in ("POST", "PUT", "PATCH") else send(url)
        statuses.append(answer.status_code)
    return tuple(statuses)


def test_the_table_covers_every_operation():
    assert set(TABLE) == _operations()


@pytest.mark.parametrize("method, path", sorted(TABLE), ids=[f"{m} {p}" for m, p in sorted(TABLE)])
def test_each_role_gets_its_status(world, method, path):
    assert dict(zip(ROLES, observe(world, method, path))) == dict(zip(ROLES, TABLE[(method, path)]))

"""Personas, a tiny clinic and job plumbing for the web shell's tests."""
from __future__ import annotations

import copy
import datetime as dt
import os
import time

import pytest
from rest_framework.test import APIClient

from webapp import celery_app

WEEK = dt.date(2026, 12, 7)
FAKE_ENGINE = "webapp.schedules.fake_engine:solve_document"
REAL_SERVICES = bool(os.environ.get("REDIS_URL")) and bool(os.environ.get("AGENDADOR_REAL_SERVICES"))

# Two units, two rooms, three professionals; 8 Dec is a Belo Horizonte holiday.
TINY = {
    "format": "agendador.instance/1",
    "week_start": "2026-12-07",
    "grain_minutes": 30,
    "sites": [
        {
            "id": "savassi",
            "name": "Savassi",
            "opening_hours": {d: ["08:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["08:00", "12:00"]},
        },
        {"id": "lourdes", "name": "Lourdes", "opening_hours": {d: ["08:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}},
    ],
    "travel_minutes": [{"from": "savassi", "to": "lourdes", "minutes": 20}],
    "rooms": [
        {"id": "sav-1", "site": "savassi", "name": "Sala 1", "kinds": ["consultorio"], "capacity": 1},
        {"id": "lou-1", "site": "lourdes", "name": "Sala L1", "kinds": ["consultorio"], "capacity": 1},
    ],
    "professionals": [
        {"id": "p-ana", "name": "Ana Souza", "room_kind": "consultorio", "min_weekly_hours": 4,
         "target_weekly_hours": 8, "max_weekly_hours": 20, "min_block_minutes": 60},
        {"id": "p-bia", "name": "Bia Lima", "room_kind": "consultorio", "min_weekly_hours": 2, "target_weekly_hours": 6,
         "availability": [{"weekday": "mon", "start": "08:00", "end": "12:00"}, {"weekday": "thu", "start": "13:00", "end": "18:00"}]},
        {"id": "p-caio", "name": "Caio Reis", "room_kind": "consultorio", "target_weekly_hours": 4},
    ],
    "rules": [
        {"id": "r-1", "kind": "room_block", "label": "Sala 1 em manutenção", "room": "sav-1",
         "date": "2026-12-09", "start": "13:00", "end": "17:00"},
        {"id": "r-2", "kind": "hours_limit", "label": "Bia: máximo 10 h", "professional": "p-bia", "max_weekly_hours": 10},
    ],
    "pins": [{"professional": "p-ana", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00", "source": "saturday"}],
}  # fmt: skip


def pytest_configure(config):
    config.addinivalue_line("markers", "real_worker: runs Celery jobs on a real worker and broker (REDIS_URL)")
    config.addinivalue_line("markers", "engine: needs the real solver.engine")


@pytest.fixture
def tiny_doc():
    return copy.deepcopy(TINY)


@pytest.fixture
def clinic(db):
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(TINY))


@pytest.fixture(autouse=True)
def fake_engine(settings, request):
    """Tests run on the fake engine unless marked `engine`."""
    if request.node.get_closest_marker("engine") is None:
        settings.SOLVER_ENGINE = FAKE_ENGINE


@pytest.fixture(autouse=True)
def eager_jobs(request):
    """Jobs run inline unless the test is marked `real_worker` (then a real worker on the broker)."""
    if request.node.get_closest_marker("real_worker") is not None:
        yield
        return
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def fresh_cache():
    """Forget progress between tests; never flush a real Redis (the broker shares it)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield


def _user(username: str, role: str | None, professional_code: str | None = None):
    from django.contrib.auth.models import User

    from webapp.clinic.models import Professional
    from webapp.clinic.roles import do_create_user

    if role is None:
        return User.objects.create_user(username, password="x")
    prof = Professional.objects.get(code=professional_code) if professional_code else None
    return do_create_user(username, "senha-de-teste", role, professional=prof)


@pytest.fixture
def coordinator(clinic):
    return _user("coord", "coordenador")


@pytest.fixture
def viewer(clinic):
    return _user("viewer", "visualizador")


@pytest.fixture
def ana(clinic):
    """A professional user linked to p-ana."""
    return _user("ana", "profissional", "p-ana")


@pytest.fixture
def nobody(clinic):
    """Logged in, but holding no role."""
    return _user("nobody", None)


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def as_coordinator(coordinator):
    return client_for(coordinator)


@pytest.fixture
def as_viewer(viewer):
    return client_for(viewer)


@pytest.fixture
def as_ana(ana):
    return client_for(ana)


@pytest.fixture
def anonymous(clinic):
    return client_for(None)


@pytest.fixture
def solved_version(clinic, coordinator):
    """A draft version of the tiny week, solved by the fake engine."""
    from webapp.schedules import actions

    run = actions.do_start_solve("weekly", WEEK, user=coordinator, enqueue=False)
    return actions.do_run_solve(run.pk).version


def make_version(allocations, *, status="draft", parent=None, source="manual"):
    """A version of the tiny week with these (professional, room, date, start, end) tuples."""
    from webapp.schedules import actions
    from webapp.schedules.models import ScheduleVersion

    version = actions.do_create_version(
        WEEK,
        [dict(zip(("professional", "room", "date", "start", "end"), a)) for a in allocations],
        source=source,
        parent=parent,
    )
    if status != "draft":
        ScheduleVersion.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
    return version


def wait_for(predicate, timeout=30.0):
    """Poll until `predicate()` holds (a real worker is another thread or process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def real_worker(transactional_db):
    """A Celery worker on the real broker (only under .ci/run's REDIS_URL)."""
    from celery.contrib.testing.worker import start_worker

    assert not celery_app.conf.task_always_eager
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield

"""With Celery on the real Redis broker: the API answers 202 and a worker publishes (.ci/run)."""
from __future__ import annotations

import copy

import pytest
from tests.gcal.web_support import REAL_SERVICES, approved, client_for, give_calendars, shell
from tests.webapp.conftest import real_worker, wait_for  # noqa: F401 (a fixture)

from webapp.gcal.models import PublishRun

pytestmark = pytest.mark.skipif(not REAL_SERVICES, reason="needs REDIS_URL and AGENDADOR_REAL_SERVICES=1 (.ci/run)")


@pytest.fixture
def real_clinic(transactional_db):
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(shell.TINY))
    give_calendars()


def test_a_publish_runs_on_a_real_worker(google_settings, real_clinic, real_worker):
    from webapp.clinic.roles import do_create_user

    coordinator = do_create_user("coord", "senha-de-teste", "coordenador")
    version = approved([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00"), ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")])
    response = client_for(coordinator).post(f"/api/versions/{version.pk}/publish/", format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert wait_for(lambda: PublishRun.objects.get(pk=response.json()["id"]).status == "done")
    version.refresh_from_db()
    assert version.status == "published" and len(google_settings.events("ana@clinica.test")) == 1

"""Without Redis, the demo solves in a thread beside the web server so its progress can be watched."""
import time

import pytest

from tests.webapp.conftest import WEEK
from webapp.schedules import actions
from webapp.schedules.models import SolveRun


@pytest.mark.django_db(transaction=True)
def test_a_solve_runs_in_the_background_and_finishes(settings, monkeypatch):
    import copy

    from tests.webapp.conftest import TINY
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(TINY))
    settings.JOBS_IN_BACKGROUND_THREAD = True
    monkeypatch.setenv("FAKE_ENGINE_SLEEP", "0.5")
    run = actions.do_start_solve("weekly", WEEK)  # returns at once; the thread solves
    deadline = time.monotonic() + 20
    while SolveRun.objects.get(pk=run.pk).status != "done" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert SolveRun.objects.get(pk=run.pk).version is not None

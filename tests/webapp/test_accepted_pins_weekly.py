"""An accepted hand entry does not stop the weekly job: the week is generated around it."""
from __future__ import annotations

import pytest

from tests.webapp.conftest import WEEK
from webapp.clinic.models import Pin, Professional, Room
from webapp.schedules import actions, adapter

# Bia is available only on Monday mornings and Thursday afternoons: Saturday is outside.
BIA_SATURDAY = {"date": "2026-12-12", "start": "08:00", "end": "12:00", "source": "saturday"}


def _bia_on_saturday(*, accepted: bool) -> None:
    Pin.objects.all().delete()  # Ana's own Saturday pin: the rota gives the slot to Bia instead
    Pin.objects.create(
        professional=Professional.objects.get(code="p-bia"), room=Room.objects.get(code="sav-1"), accepted=accepted,
        **BIA_SATURDAY,
    )  # fmt: skip


def test_the_instance_says_which_pins_are_accepted(clinic):
    _bia_on_saturday(accepted=True)
    [pin] = adapter.build_instance(WEEK)["pins"]
    assert pin["accepted"] is True and pin["professional"] == "p-bia"


@pytest.mark.engine
def test_weekly_generation_is_infeasible_with_an_unaccepted_pin_outside_availability(clinic, settings):
    settings.SOLVE_TIME_LIMIT, settings.SOLVE_WORKERS = 5, 1
    _bia_on_saturday(accepted=False)
    run = actions.do_generate_week(WEEK)
    assert (run.status, run.solver_status, run.version) == ("done", "INFEASIBLE", None)
    assert any("professional:p-bia:availability" in c["rules"] for c in run.conflicts)


@pytest.mark.engine
def test_weekly_generation_yields_a_draft_with_an_accepted_saturday_pin_outside_availability(clinic, settings):
    settings.SOLVE_TIME_LIMIT, settings.SOLVE_WORKERS = 5, 1
    _bia_on_saturday(accepted=True)
    run = actions.do_generate_week(WEEK)
    assert run.status == "done", run.error
    assert run.solver_status in ("OPTIMAL", "FEASIBLE") and run.version.status == "draft"
    stored = adapter.version_allocations(run.version)
    saturday = [a for a in stored if a["professional"] == "p-bia" and a["date"] == "2026-12-12"]
    assert [(a["room"], a["start"], a["end"], a["pinned"]) for a in saturday] == [("sav-1", "08:00", "12:00", True)]
    assert len(stored) > 1  # the rest of the week was generated around it
    # Still listed on the panel, as accepted, not as hard.
    found = adapter.check_document(run.instance, stored)
    assert [(i["premissa"], i["severity"]) for i in found] == [("professional:p-bia:availability", "accepted")]

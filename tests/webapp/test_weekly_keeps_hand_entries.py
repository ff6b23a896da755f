"""Nothing entered by hand is lost: the weekly job (webapp.schedules.tasks.generate_week) over a week with a
Saturday rota entry, a swap, a board pin and a manual entry leaves every one of them as it was, places each
in the new draft as entered (pinned, with its origin), and leaves the published week alone."""
from __future__ import annotations

import pytest

from tests.webapp.conftest import WEEK, make_version
from webapp.clinic.models import Pin, Professional, Room
from webapp.schedules import adapter
from webapp.schedules.models import SolveRun
from webapp.schedules.tasks import generate_week

HAND = [
    # (professional, room, date, start, end, source, note)
    ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00", "saturday", "escala de sábado de dezembro"),
    ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00", "swap", "troca com Caio"),
    ("p-caio", "sav-1", "2026-12-07", "08:00", "12:00", "swap", "troca com Bia"),
    ("p-ana", "lou-1", "2026-12-10", "13:00", "17:00", "board", "arrastada no quadro"),
    ("p-caio", "lou-1", "2026-12-11", "08:00", "10:00", "manual", "pedido da recepção"),
]


def _pins() -> list[dict]:
    return list(Pin.objects.order_by("pk").values())


@pytest.mark.engine
def test_the_weekly_job_keeps_every_hand_entry(clinic, coordinator, settings):
    settings.SOLVE_TIME_LIMIT, settings.SOLVE_WORKERS = 5, 1
    Pin.objects.all().delete()
    for prof, room, date, start, end, source, note in HAND:
        Pin.objects.create(professional=Professional.objects.get(code=prof), room=Room.objects.get(code=room), date=date,
                           start=start, end=end, source=source, note=note, created_by=coordinator)  # fmt: skip
    published = make_version([h[:5] for h in HAND], status="published")
    published_before = adapter.version_allocations(published)
    pins_before = _pins()

    run = SolveRun.objects.get(pk=generate_week.delay(WEEK.isoformat()).get())

    assert run.status == SolveRun.DONE, run.error
    assert run.solver_status in ("OPTIMAL", "FEASIBLE") and run.version is not None
    assert _pins() == pins_before  # not one hand entry changed, moved or went away
    stored = adapter.version_allocations(run.version)
    for prof, room, date, start, end, source, _ in HAND:
        covering = [a for a in stored if (a["professional"], a["room"], a["date"]) == (prof, room, date)
                    and a["start"] <= start and end <= a["end"]]  # fmt: skip
        assert len(covering) == 1, (prof, room, date, start)
        assert covering[0]["pinned"] is True and covering[0]["source"] == source, covering[0]
    # The published week is not touched by the job.
    published.refresh_from_db()
    assert published.status == "published" and adapter.version_allocations(published) == published_before


def test_the_weekly_job_snapshot_holds_every_hand_entry(clinic, coordinator):
    """On the fake engine too: the instance the job solves carries each entry as a pin, with its origin."""
    Pin.objects.all().delete()
    for prof, room, date, start, end, source, note in HAND:
        Pin.objects.create(professional=Professional.objects.get(code=prof), room=Room.objects.get(code=room), date=date,
                           start=start, end=end, source=source, note=note)  # fmt: skip
    pins_before = _pins()
    run = SolveRun.objects.get(pk=generate_week.delay(WEEK.isoformat()).get())
    assert sorted((p["professional"], p["room"], p["date"], p["start"], p["end"], p["source"]) for p in run.instance["pins"]) == sorted(
        h[:6] for h in HAND
    )
    assert _pins() == pins_before

"""The web shell's personas and tiny clinic (tests/webapp/conftest.py), reused for the Django side of gcal."""
from __future__ import annotations

from tests.webapp import conftest as shell

WEEK = shell.WEEK
REAL_SERVICES = shell.REAL_SERVICES
make_version = shell.make_version
client_for = shell.client_for
CALENDARS = {"p-ana": "ana@clinica.test", "p-bia": "bia@clinica.test", "p-caio": "caio@clinica.test"}


def approved(allocations, *, parent=None):
    """An approved version of the tiny week with these (professional, room, date, start, end) tuples.

    Whatever hard premissas they break (most omit Ana's Saturday pin) count as accepted at approval:
    these tests are about Google; the gate itself is tested in test_publish_api.py.
    """
    from webapp.schedules.actions import check_acceptance
    from webapp.schedules.models import ScheduleVersion

    version = make_version(allocations, parent=parent)
    check_acceptance(version, None, accept=True, step="approve", what="")
    version.save()
    ScheduleVersion.objects.filter(pk=version.pk).update(status="approved")
    version.refresh_from_db()
    return version


def give_calendars() -> None:
    """The tiny clinic's professionals get Google calendars."""
    from webapp.clinic.models import Professional

    for code, calendar_id in CALENDARS.items():
        Professional.objects.filter(code=code).update(calendar_id=calendar_id)

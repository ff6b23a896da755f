"""The web shell's personas and tiny clinic (tests/webapp/conftest.py), reused for the Django side of gcal."""
from __future__ import annotations

from tests.webapp import conftest as shell

WEEK = shell.WEEK
REAL_SERVICES = shell.REAL_SERVICES
make_version = shell.make_version
client_for = shell.client_for
CALENDARS = {"p-ana": "ana@clinica.test", "p-bia": "bia@clinica.test", "p-caio": "caio@clinica.test"}


def approved(allocations, *, parent=None):
    """An approved version of the tiny week with these (professional, room, date, start, end) tuples."""
    return make_version(allocations, status="approved", parent=parent)


def give_calendars() -> None:
    """The tiny clinic's professionals get Google calendars."""
    from webapp.clinic.models import Professional

    for code, calendar_id in CALENDARS.items():
        Professional.objects.filter(code=code).update(calendar_id=calendar_id)

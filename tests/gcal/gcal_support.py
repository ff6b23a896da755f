"""Shared helpers for the Google Calendar tests: a fake clock, clinic weeks, and the exact-state check."""
from __future__ import annotations

import datetime as dt
from typing import Any

from webapp.gcal.events import CalendarAllocation, allocation, changed_fields, desired_events, is_ours, window
from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.transport import TransportOptions

WEEK = dt.date(2026, 12, 7)  # a Monday
TIME_MIN, TIME_MAX = window(WEEK, 7)
UNCAPPED = TransportOptions(requests_per_second=None, requests_per_user_per_second=None,
                            writes_per_calendar_per_second=None, backoff_base_seconds=0.5, backoff_max_seconds=8)
ROOMS = {"sav-1": ("Sala 1", "Savassi"), "sav-3": ("Sala 3", "Savassi"), "lou-2": ("Sala 2", "Lourdes")}


class FakeClock:
    """time.monotonic and time.sleep for tests: sleeping only moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


def alloc(professional: str, day: int, start: str, end: str, room: str = "sav-1") -> CalendarAllocation:
    room_name, site_name = ROOMS[room]
    return allocation(professional=professional, calendar_id=f"{professional}@clinica.test",
                      date=WEEK + dt.timedelta(days=day), start=start, end=end, room=room,
                      room_name=room_name, site_name=site_name)


def small_week() -> list[CalendarAllocation]:
    return [
        alloc("ana", 0, "08:00", "12:00", "sav-1"),
        alloc("ana", 0, "14:00", "18:00", "sav-3"),
        alloc("ana", 2, "08:00", "12:00", "sav-1"),
        alloc("bia", 0, "09:00", "13:00", "lou-2"),
        alloc("bia", 1, "09:00", "13:00", "lou-2"),
        alloc("caio", 4, "13:00", "17:00", "sav-3"),
    ]


def big_week(professionals: int = 150) -> list[CalendarAllocation]:
    """About 6.7 blocks per professional: ~1,000 events for 150 professionals."""
    out = []
    for p in range(professionals):
        name = f"prof{p:03d}"
        for day in range(5):
            out.append(alloc(name, day, "07:00" if p % 2 else "08:00", "12:00", "sav-1" if p % 3 else "lou-2"))
            if (p + day) % 3 == 0:
                out.append(alloc(name, day, "13:00", "17:30" if day % 2 else "18:00", "sav-3"))
    return out


def assert_state_exact(fake: FakeCalendarServer, desired: dict[str, dict[str, dict[str, Any]]],
                       foreign: dict[str, dict[str, dict[str, Any]]] | None = None) -> None:
    """Each calendar holds exactly the desired events of ours (same ids, same content, nothing extra,
    none cancelled) and, untouched, the foreign events given."""
    calendars = set(desired) | set(fake.calendar_ids())
    for cal in calendars:
        live = fake.events(cal)
        ours = {eid: ev for eid, ev in live.items() if is_ours(ev)}
        wanted = desired.get(cal, {})
        assert set(ours) == set(wanted), f"{cal}: extra {set(ours) - set(wanted)}, missing {set(wanted) - set(ours)}"
        for event_id, body in wanted.items():
            assert changed_fields(body, ours[event_id]) == [], (cal, event_id, changed_fields(body, ours[event_id]))
        theirs = {eid: ev for eid, ev in live.items() if not is_ours(ev)}
        assert theirs == (foreign or {}).get(cal, {}), f"{cal}: foreign events changed"




def desired(allocations: list[CalendarAllocation] | None = None, version: int | str = 1
            ) -> dict[str, dict[str, dict[str, Any]]]:
    return desired_events(small_week() if allocations is None else allocations, version=version)

"""Where each professional may be at all: the premissas that only forbid time.

Opening hours, closed dates, availability, absences, room kinds, room blocks and
reservations never need a constraint: they remove (professional, room, date,
time) cells before any variable exists. Each rule module's ``restrict(domain)``
records what it forbids here, under its premissa id, so the explanation pass can
turn the same records into named, guarded constraints.

A pin the coordinator accepted (``"accepted": true``) wins over all of them for its
own slot: `allowed` gives its time back, `blockers` leaves it out, and its room kind
is forbidden only outside it. Everything else about it (overlap, capacity, hours,
minimum block, travel) still holds.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
import dataclasses
from dataclasses import dataclass

from rules import catalogue
from rules.instance import Instance
from rules.timeutil import Interval, intersect, subtract, union

DAY = (0, 24 * 60)


@dataclass(frozen=True)
class Forbid:
    premissa: str
    date: dt.date
    window: Interval
    professional: str | None = None
    room: str | None = None
    site: str | None = None
    allowed: frozenset[str] | None = None  # reservations: these professionals are not concerned

    def hits(self, professional: str, room: str, site: str) -> bool:
        if self.professional is not None and self.professional != professional:
            return False
        if self.room is not None and self.room != room:
            return False
        if self.site is not None and self.site != site:
            return False
        return not (self.allowed is not None and professional in self.allowed)


class Domain:
    """Forbidden time per scope, and the allowed intervals that are left."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self._by_prof: dict[tuple[str, dt.date], list[Forbid]] = defaultdict(list)
        self._by_room: dict[tuple[str, dt.date], list[Forbid]] = defaultdict(list)
        self._by_site: dict[tuple[str, dt.date], list[Forbid]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], str] = {}
        self._cache: dict[tuple, object] = {}
        self._accepting = {pin.professional for pin in instance.pins if pin.accepted}
        self._classes: dict[tuple, int] = {}

    # ---------------------------------------------------------------- recording

    def forbid(
        self,
        premissa: str,
        *,
        date: dt.date,
        window: Interval = DAY,
        professional: str | None = None,
        room: str | None = None,
        site: str | None = None,
        allowed: frozenset[str] | None = None,
    ) -> None:
        if window[0] >= window[1]:
            return
        f = Forbid(premissa, date, window, professional, room, site, allowed)
        if room is not None:
            self._by_room[(room, date)].append(f)
        elif professional is not None:
            self._by_prof[(professional, date)].append(f)
        elif site is not None:
            self._by_site[(site, date)].append(f)
        else:
            raise ValueError("a forbid needs a professional, a room or a site")
        self._cache.clear()
        self._classes.clear()

    def forbid_outside(self, premissa: str, *, date: dt.date, windows: list[Interval], **scope) -> None:
        """Forbid every minute of the day outside `windows`."""
        for gap in subtract([DAY], windows):
            self.forbid(premissa, date=date, window=gap, **scope)

    def forbid_pair(self, premissa: str, professional: str, room: str) -> None:
        """The professional may never use the room (H5)."""
        self._pairs[(professional, room)] = premissa
        self._cache.clear()
        self._classes.clear()

    # ---------------------------------------------------------------- reading

    def room_forbids(self, room: str, date: dt.date) -> list[Forbid]:
        return list(self._by_room.get((room, date), []))

    def pair_forbidden(self, professional: str, room: str) -> str | None:
        """The premissa that keeps the professional out of the room altogether (None: allowed somewhere).

        A pair an accepted pin puts together is not forbidden outright: `allowed` then gives only the
        pinned time and `blockers` forbids the rest of each day.
        """
        premissa = self._pairs.get((professional, room))
        if premissa is None or (professional in self._accepting and self._accepted_pair(professional, room)):
            return None  # (the accepted-pin look-up only where it can matter: xl asks ~140k pairs)
        return premissa

    def _accepted_pair(self, professional: str, room: str) -> bool:
        return any(self.instance.accepted_windows(professional, room, day) for day in self.instance.dates)

    def _free(self, forbids: list[Forbid], professional: str | None = None) -> list[Interval]:
        windows = [DAY]
        for f in forbids:
            if professional is not None and f.allowed is not None and professional in f.allowed:
                continue
            windows = subtract(windows, [f.window])
            if not windows:
                break
        return windows

    def professional_free(self, professional: str, date: dt.date) -> list[Interval]:
        key = ("p", professional, date)
        if key not in self._cache:
            self._cache[key] = self._free(self._by_prof.get((professional, date), []))
        return self._cache[key]

    def site_free(self, site: str, date: dt.date) -> list[Interval]:
        key = ("s", site, date)
        if key not in self._cache:
            self._cache[key] = self._free(self._by_site.get((site, date), []))
        return self._cache[key]

    def room_free(self, room: str, date: dt.date, professional: str) -> list[Interval]:
        forbids = self._by_room.get((room, date), [])
        if not forbids:
            return [DAY]
        return self._free(forbids, professional)

    def allowed(self, professional: str, room: str, date: dt.date, *, accepted: bool = True) -> list[Interval]:
        """The minutes of a date on which the professional may be in the room.

        With `accepted` (the default) the time of accepted pins is allowed whatever forbids it.
        """
        # Rooms of one signature allow the same time (but to a professional with accepted pins, who may hold one of them).
        where = room if professional in self._accepting else self.room_class(room, date)
        key = ("a", professional, where, date, accepted)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._allowed(professional, room, date, accepted)
        return cached

    def _allowed(self, professional: str, room: str, date: dt.date, accepted: bool) -> list[Interval]:
        if not self.instance.in_week(date):
            return []
        windows: list[Interval] = []
        if (professional, room) not in self._pairs:
            site = self.instance.rooms[room].site
            windows = intersect(self.site_free(site, date), self.professional_free(professional, date))
            if windows:
                windows = intersect(windows, self.room_free(room, date, professional))
        kept = self.instance.accepted_windows(professional, room, date) if accepted else []
        return union(windows + kept) if kept else windows

    def room_signature(self, room: str, date: dt.date) -> tuple:
        """Rooms with equal signatures on a date are interchangeable for every premissa."""
        key = ("sig", room, date)
        sig = self._cache.get(key)
        if sig is None:
            sig = self._cache[key] = self._signature(room, date)
        return sig

    def room_class(self, room: str, date: dt.date) -> int:
        """The room's signature on a date as a small number (equal signatures, equal numbers): a cheap key."""
        key = ("class", room, date)
        number = self._cache.get(key)
        if number is None:
            number = self._cache[key] = self._classes.setdefault(self.room_signature(room, date), len(self._classes))
        return number

    def _signature(self, room: str, date: dt.date) -> tuple:
        r = self.instance.rooms[room]
        forbids = tuple(
            sorted(
                (f.window, f.allowed is not None, tuple(sorted(f.allowed or ())))
                for f in self._by_room.get((room, date), [])
            )
        )
        return (r.site, tuple(sorted(r.kinds)), r.capacity, forbids)

    def blockers(self, professional: str, room: str, date: dt.date) -> list[Forbid]:
        """Every forbid that concerns the professional in the room on a date (for explanations).

        Accepted pins' time is carved out of each; a room kind an accepted pin overrides comes back
        as a forbid of the rest of the day.
        """
        site = self.instance.rooms[room].site
        out = [f for f in self._by_prof.get((professional, date), [])]
        out += [f for f in self._by_site.get((site, date), [])]
        out += [f for f in self._by_room.get((room, date), []) if f.hits(professional, room, site)]
        kept = self.instance.accepted_windows(professional, room, date)
        pair = self._pairs.get((professional, room))
        if pair is not None and self._accepted_pair(professional, room):
            out.append(Forbid(pair, date, DAY, professional=professional, room=room))
        if not kept:
            return out
        carved = []
        for f in out:
            carved += [dataclasses.replace(f, window=w) for w in subtract([f.window], kept)]
        return carved


def build_domain(instance: Instance) -> Domain:
    """Every hard premissa's `restrict` applied: what is left is where anyone may be."""
    domain = Domain(instance)
    for module in catalogue.HARD:
        if hasattr(module, "restrict"):
            module.restrict(domain)
    return domain

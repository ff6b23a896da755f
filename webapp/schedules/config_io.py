"""export_config / import_config: the clinic's configuration as an instance document (docs/instance-format.md).

Exporting goes through `adapter.build_instance` (today's tables, or the tables put back as they were at a
moment by `webapp.clinic.history`); importing validates the whole document first and then goes through
`adapter.import_instance`, plus what makes the database say exactly what the file says for its week:
rooms, professionals and that week's premissas absent from the file are deactivated, that week's pins absent
from it removed, and the week's closed days set as the file has them."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from rules.errors import DocumentError
from rules.instance import parse_instance
from webapp.clinic.holidays import closed_dates
from webapp.clinic.models import Availability, Pin, Professional, Room, Rule, Site, SiteClosure, TravelTime
from webapp.schedules import adapter

LOCAL_TZ = ZoneInfo("America/Sao_Paulo")
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
# (list, field, max length) checked before writing: the database's columns, named as the document names them.
_LENGTHS = [("sites", "name", 100), ("rooms", "name", 100), ("professionals", "name", 150), ("rules", "label", 200),
            ("professionals", "calendar_id", 200), ("professionals", "room_kind", 50)]  # fmt: skip


def export_config(week_start: dt.date, at: dt.datetime | None = None) -> dict[str, Any]:
    if at is None:
        return adapter.build_instance(week_start, previous=[])
    from webapp.clinic.history import configuration_as_of

    with configuration_as_of(at):
        return adapter.build_instance(week_start, previous=[])


def validate_config(doc: Any) -> None:
    """Raise DocumentError naming the first field that the solver's format or the database would refuse."""
    parse_instance(doc)
    for key in ("sites", "rooms", "professionals", "rules"):
        for i, entry in enumerate(doc.get(key, [])):
            code = entry["id"]
            if not _CODE.match(code) or len(code) > 50:
                raise DocumentError(f"{key}[{i}].id", "use até 50 letras, números, hífens ou sublinhados")
    for key, field, limit in _LENGTHS:
        for i, entry in enumerate(doc.get(key, [])):
            value = entry.get(field)
            if isinstance(value, str) and len(value) > limit:
                raise DocumentError(f"{key}[{i}].{field}", f"no máximo {limit} caracteres")


@transaction.atomic
def import_config(doc: dict[str, Any]) -> dict[str, int]:
    """Make the clinic's configuration for the document's week what the document says; returns counts."""
    validate_config(doc)
    week = adapter.week_dates(dt.date.fromisoformat(doc["week_start"]))
    # import_instance replaces a professional's availability with the document's (this week's windows only):
    # dated windows of other weeks are kept.
    elsewhere = list(Availability.objects.filter(date__isnull=False).exclude(date__range=(week[0], week[-1])))
    # The export writes "max 0 hours" for someone whose only windows are dated in other weeks (the format has no
    # "not this week"): that 0 is about the week, not their limit, which is kept as it was.
    limits = dict(Professional.objects.values_list("code", "max_weekly_hours"))
    dated_elsewhere = {w.professional_id for w in elsewhere}
    absent = [
        p["id"] for p in doc["professionals"]
        if p.get("max_weekly_hours") == 0 and not p.get("availability") and p["id"] in limits
    ]  # fmt: skip
    adapter.import_instance(doc)
    kept = [Availability(professional_id=w.professional_id, weekday=w.weekday, date=w.date, start=w.start, end=w.end)
            for w in elsewhere if not Availability.objects.filter(professional_id=w.professional_id, date=w.date,
                                                                   start=w.start, end=w.end).exists()]  # fmt: skip
    Availability.objects.bulk_create(kept)
    for person in Professional.objects.filter(code__in=absent, pk__in=dated_elsewhere):
        person.max_weekly_hours = limits[person.code]
        person.save()

    counts = {"deactivated": 0, "removed_pins": 0}
    rooms = {r["id"] for r in doc["rooms"]}
    for room in Room.objects.filter(active=True).exclude(code__in=rooms):
        room.active = False
        room.save()
        counts["deactivated"] += 1
    people = {p["id"] for p in doc["professionals"]}
    for person in Professional.objects.filter(active=True).exclude(code__in=people):
        person.active = False
        person.save()
        counts["deactivated"] += 1
    rules = {r["id"] for r in doc.get("rules", [])}
    for rule in Rule.objects.filter(active=True).exclude(code__in=rules).exclude(date__lt=week[0]).exclude(date__gt=week[-1]):
        rule.active = False
        rule.save()
        counts["deactivated"] += 1
    wanted = {(p["professional"], p["room"], p["date"], p["start"], p["end"]) for p in doc.get("pins", [])}
    for pin in Pin.objects.filter(date__range=(week[0], week[-1])).select_related("professional", "room"):
        if (pin.professional.code, pin.room.code, pin.date.isoformat(), pin.start, pin.end) not in wanted:
            pin.delete()
            counts["removed_pins"] += 1
    travel = {(t["from"], t["to"]) for t in doc.get("travel_minutes", [])}
    for t in TravelTime.objects.select_related("from_site", "to_site"):
        if (t.from_site.code, t.to_site.code) not in travel:
            t.delete()
    for entry in doc["sites"]:
        site = Site.objects.get(code=entry["id"])
        closed = set(entry.get("closed_dates", []))
        now_closed = {d.isoformat() for d in closed_dates(site, week[0], week[-1])}
        for day in week:
            iso = day.isoformat()
            if (iso in closed) != (iso in now_closed):
                kind = SiteClosure.CLOSED if iso in closed else SiteClosure.OPEN
                SiteClosure.objects.update_or_create(site=site, date=day, defaults={"kind": kind, "reason": "importado"})
    return counts


def parse_moment(text: str) -> dt.datetime:
    """An ISO date or date-time; without an offset it is São Paulo time; a date alone means the end of that day."""
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime.combine(day, dt.time.max, tzinfo=LOCAL_TZ)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"--at: data/hora inválida {text!r}; use AAAA-MM-DD ou AAAA-MM-DDTHH:MM (horário de Brasília)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)

"""The one place where database rows meet the solver's documents (format v1).

`build_instance` turns the clinic's data for a week into an instance document, `import_instance`
loads a document into the database (demo data, fixtures), `solve` calls the engine and
`allocations_from_solution` / `allocation_dicts` convert allocations both ways. Nothing else in
the web shell imports `solver.engine`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from rules.catalogue import DEFAULT_WEIGHTS
from rules.instance import parse_instance
from rules.schedule import schedule_from_allocations
from rules.schema import INSTANCE_FORMAT
from rules.timeutil import WEEKDAYS
from webapp.clinic.fields import GRAIN_MINUTES
from webapp.clinic.holidays import closed_dates
from webapp.clinic.models import (
    Availability,
    OpeningHours,
    Pin,
    Professional,
    Room,
    Rule,
    Site,
    SiteClosure,
    TravelTime,
)
from webapp.schedules.models import PUBLISHED, Allocation, ScheduleVersion

DEFAULT_TRAVEL_MINUTES = 30


def _hours(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def week_dates(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(7)]


def published_version(week_start: dt.date) -> ScheduleVersion | None:
    return ScheduleVersion.objects.filter(week_start=week_start, status=PUBLISHED).order_by("-number").first()


def allocation_dicts(allocations: Iterable[Allocation]) -> list[dict[str, Any]]:
    """Allocation rows as format v1 allocations (with `pinned` and the row's provenance as `source`)."""
    return [
        {
            "professional": a.professional.code,
            "room": a.room.code,
            "date": a.date.isoformat(),
            "start": a.start,
            "end": a.end,
            "pinned": a.pinned,
            "source": a.provenance,
        }
        for a in allocations
    ]


def version_allocations(version: ScheduleVersion) -> list[dict[str, Any]]:
    return allocation_dicts(version.allocations.select_related("professional", "room").order_by("date", "start"))


def _bare(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a[k] for k in ("professional", "room", "date", "start", "end")}


def build_instance(week_start: dt.date, *, previous: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The instance document of a week: every active site, room, professional, premissa and pin.

    `previous` defaults to the week's published version (for minimal change).
    """
    week_end = week_start + dt.timedelta(days=6)
    sites = list(Site.objects.prefetch_related("opening_hours").order_by("code"))
    site_codes = {s.pk: s.code for s in sites}
    rooms = list(Room.objects.filter(active=True).select_related("site").order_by("code"))
    room_codes = {r.pk: r.code for r in rooms}
    professionals = list(
        Professional.objects.filter(active=True)
        .prefetch_related("availability", "preferred_sites", "preferred_rooms")
        .order_by("code")
    )
    prof_codes = {p.pk: p.code for p in professionals}

    doc: dict[str, Any] = {
        "format": INSTANCE_FORMAT,
        "week_start": week_start.isoformat(),
        "grain_minutes": GRAIN_MINUTES,
        "default_travel_minutes": DEFAULT_TRAVEL_MINUTES,
        "sites": [],
        "travel_minutes": [],
        "rooms": [],
        "professionals": [],
        "rules": [],
        "pins": [],
        "previous": [],
        "weights": dict(DEFAULT_WEIGHTS),
    }
    for site in sites:
        hours = sorted(site.opening_hours.all(), key=lambda h: WEEKDAYS.index(h.weekday))
        doc["sites"].append(
            {
                "id": site.code,
                "name": site.name,
                "opening_hours": {h.weekday: [h.start, h.end] for h in hours},
                "closed_dates": [d.isoformat() for d in closed_dates(site, week_start, week_end)],
            }
        )
    for t in TravelTime.objects.order_by("from_site__code", "to_site__code"):
        doc["travel_minutes"].append({"from": site_codes[t.from_site_id], "to": site_codes[t.to_site_id], "minutes": t.minutes})
    for room in rooms:
        doc["rooms"].append(
            {"id": room.code, "site": room.site.code, "name": room.name, "kinds": room.kind_list, "capacity": room.capacity}
        )
    for p in professionals:
        entry: dict[str, Any] = {"id": p.code, "name": p.name, "room_kind": p.room_kind or None}
        windows = []
        for w in sorted(p.availability.all(), key=lambda w: (w.date or dt.date.min, WEEKDAYS.index(w.weekday) if w.weekday else 0, w.start)):
            if w.date and not week_start <= w.date <= week_end:
                continue
            windows.append({("date" if w.date else "weekday"): (w.date.isoformat() if w.date else w.weekday), "start": w.start, "end": w.end})
        if windows:
            entry["availability"] = windows
        elif p.availability.all():
            # Only date windows, all in other weeks: not available this week (empty = always, in v1).
            entry["max_weekly_hours"] = 0
        entry["min_weekly_hours"] = _hours(p.min_weekly_hours) or 0
        for field in ("target_weekly_hours", "max_weekly_hours", "max_daily_hours"):
            value = _hours(getattr(p, field))
            if value is not None and field not in entry:
                entry[field] = value
        if p.min_block_minutes:
            entry["min_block_minutes"] = p.min_block_minutes
        entry["preferred_sites"] = sorted(s.code for s in p.preferred_sites.all())
        entry["preferred_rooms"] = sorted(r.code for r in p.preferred_rooms.all() if r.pk in room_codes)
        if p.calendar_id:
            entry["calendar_id"] = p.calendar_id
        doc["professionals"].append(entry)

    rules = (
        Rule.objects.filter(active=True)
        .exclude(date__lt=week_start)
        .exclude(date__gt=week_end)
        .prefetch_related("professionals")
        .order_by("code")
    )
    for rule in rules:
        entry = _rule_entry(rule, site_codes, room_codes, prof_codes, week_dates(week_start))
        if entry is not None:
            doc["rules"].append(entry)

    pins = Pin.objects.filter(date__range=(week_start, week_end)).order_by("date", "start", "pk")
    for pin in pins:
        if pin.professional_id in prof_codes and pin.room_id in room_codes:
            doc["pins"].append(
                {
                    "professional": prof_codes[pin.professional_id],
                    "room": room_codes[pin.room_id],
                    "date": pin.date.isoformat(),
                    "start": pin.start,
                    "end": pin.end,
                    "source": pin.source,
                    **({"accepted": True} if pin.accepted else {}),
                }
            )

    if previous is None:
        published = published_version(week_start)
        previous = version_allocations(published) if published else []
    doc["previous"] = [
        _bare(a) for a in previous if a["professional"] in prof_codes.values() and a["room"] in room_codes.values()
    ]
    return doc


def _rule_entry(rule: Rule, sites: dict, rooms: dict, profs: dict, week: list[dt.date] | None = None) -> dict[str, Any] | None:
    """A premissa as format v1, or None when it names something inactive (it cannot apply)."""
    entry: dict[str, Any] = {"id": rule.code, "kind": rule.kind, "label": rule.label}
    if rule.room_id is not None:
        if rule.room_id not in rooms:
            return None
        entry["room"] = rooms[rule.room_id]
    if rule.site_id is not None:
        entry["site"] = sites[rule.site_id]
    if rule.professional_id is not None:
        if rule.professional_id not in profs:
            return None
        entry["professional"] = profs[rule.professional_id]
    if rule.kind == "room_reserved":
        entry["professionals"] = sorted(profs[p.pk] for p in rule.professionals.all() if p.pk in profs)
    if rule.date:
        entry["date"] = rule.date.isoformat()
    if rule.weekday:
        entry["weekday"] = rule.weekday
    if rule.start:
        entry["start"], entry["end"] = rule.start, rule.end
    if rule.value is not None:
        entry["value"] = rule.value
    for field in ("max_weekly_hours", "max_daily_hours", "min_weekly_hours"):
        value = _hours(getattr(rule, field))
        if value is not None:
            entry[field] = value
    if week is not None and rule.except_dates:
        lifted = sorted(d for d in rule.except_dates if week[0].isoformat() <= d <= week[-1].isoformat())
        if lifted:
            entry["except_dates"] = lifted
    return entry


def _rule_columns(entry: dict[str, Any], sites: dict, rooms: dict, profs: dict) -> dict[str, Any]:
    """A format v1 premissa as the Rule row's columns (all but code, active and the M2M)."""
    return {
        "kind": entry["kind"],
        "label": entry.get("label", entry["id"]),
        "room": rooms.get(entry.get("room")),
        "site": sites.get(entry.get("site")),
        "professional": profs.get(entry.get("professional")),
        "date": dt.date.fromisoformat(entry["date"]) if "date" in entry else None,
        "weekday": entry.get("weekday", ""),
        "start": entry.get("start", ""),
        "end": entry.get("end", ""),
        "value": entry.get("value"),
        "max_weekly_hours": entry.get("max_weekly_hours"),
        "max_daily_hours": entry.get("max_daily_hours"),
        "min_weekly_hours": entry.get("min_weekly_hours"),
        "except_dates": list(entry.get("except_dates", [])),
    }


def solve(
    doc: dict[str, Any],
    *,
    time_limit: float,
    workers: int,
    seed: int,
    progress: Callable | None = None,
    stop: Callable[[], bool] | None = None,
    minimal_change: bool = False,
    max_changed_minutes: int | None = None,
    deterministic_time: float | None = None,
) -> dict[str, Any]:
    """Run the engine on an instance document and return its solution document.

    `minimal_change` starts from `previous` and prices every minute moved away from it;
    `max_changed_minutes` caps the minutes moved beyond those the changes force (0 = strict freeze);
    `stop()` true ends the solve early with the best schedule so far; `deterministic_time` (with one worker)
    makes the solve reproducible (manage.py replay_run)."""
    solve_document = import_string(settings.SOLVER_ENGINE.replace(":", "."))
    reach = {} if max_changed_minutes is None else {"max_changed_minutes": max_changed_minutes}
    if deterministic_time is not None:
        reach["deterministic_time"] = deterministic_time
    return solve_document(
        doc,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        stop=stop,
        minimal_change=minimal_change,
        **reach,
    )


def check_document(doc: dict[str, Any], allocations: list[dict[str, Any]], *, soft: bool = False) -> list[dict[str, Any]]:
    """The rule catalogue's verdict on a schedule against an instance document.

    Premissas broken only inside accepted pins are listed with severity "accepted".
    """
    from rules.catalogue import check_all

    instance = parse_instance(doc)
    # A room or professional deactivated after the version was made is not in the week's instance: say so,
    # rather than asking the catalogue about someone it does not know.
    known, gone = [], []
    for a in allocations:
        if a["room"] in instance.rooms and a["professional"] in instance.professionals:
            known.append(a)
        else:
            gone.append(_inactive_subject(a, instance))
    schedule = schedule_from_allocations(known)
    return gone + [i.to_dict() for i in check_all(instance, schedule, soft=soft, accepted=True)]


def _inactive_subject(allocation: dict[str, Any], instance) -> dict[str, Any]:
    room, professional = allocation["room"], allocation["professional"]
    missing = f"a sala {room}" if room not in instance.rooms else f"o profissional {professional}"
    return {
        "premissa": f"allocation:{professional}:{room}:{allocation['date']}:{allocation['start']}",
        "rule": "inactive",
        "message": f"{professional} em {room}, {allocation['date']} {allocation['start']}–{allocation['end']}: "
        f"{missing} não está mais ativo(a) (desativado ou removido depois desta versão).",
        "severity": "hard",
        "professional": professional,
        "room": room,
        "date": str(allocation["date"]),
        "start": allocation["start"],
        "end": allocation["end"],
    }


def objective_terms(doc: dict[str, Any], allocations: list[dict[str, Any]]) -> dict[str, int]:
    from rules.catalogue import terms

    return terms(parse_instance(doc), schedule_from_allocations(allocations))


def allocations_from_solution(
    version: ScheduleVersion, allocations: list[dict[str, Any]], pins: list[dict[str, Any]], *, default: str = "solver"
) -> list[Allocation]:
    """Unsaved Allocation rows for a version; pinned time takes the provenance of its pin."""
    profs = dict(Professional.objects.values_list("code", "pk"))
    rooms = dict(Room.objects.values_list("code", "pk"))
    rows = []
    for a in allocations:
        provenance = default
        if a.get("pinned") or _covers_pin(a, pins):
            pin = _covers_pin(a, pins)
            provenance = _PIN_PROVENANCE.get(pin.get("source", "manual"), "pin") if pin else "pin"
        rows.append(
            Allocation(
                version=version,
                professional_id=profs[a["professional"]],
                room_id=rooms[a["room"]],
                date=dt.date.fromisoformat(a["date"]),
                start=a["start"],
                end=a["end"],
                pinned=bool(a.get("pinned")) or _covers_pin(a, pins) is not None,
                provenance=provenance,
            )
        )
    return rows


_PIN_PROVENANCE = {"manual": "manual", "saturday": "saturday", "swap": "swap", "board": "board", "prompt": "prompt"}


def _covers_pin(a: dict[str, Any], pins: list[dict[str, Any]]) -> dict[str, Any] | None:
    for pin in pins:
        if (
            pin["professional"] == a["professional"]
            and pin["room"] == a["room"]
            and pin["date"] == a["date"]
            and a["start"] <= pin["start"]
            and pin["end"] <= a["end"]
        ):
            return pin
    return None


@transaction.atomic
def import_instance(doc: dict[str, Any]) -> None:
    """Load an instance document's clinic into the database (sites, rooms, people, premissas, pins)."""
    parse_instance(doc)  # refuse a bad document before writing anything
    sites = {}
    for s in doc["sites"]:
        site, _ = Site.objects.update_or_create(code=s["id"], defaults={"name": s.get("name", s["id"])})
        sites[s["id"]] = site
        site.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(site=site, weekday=wd, start=pair[0], end=pair[1]) for wd, pair in s.get("opening_hours", {}).items()
        )
        for day in s.get("closed_dates", []):
            SiteClosure.objects.update_or_create(
                site=site, date=dt.date.fromisoformat(day), defaults={"kind": SiteClosure.CLOSED, "reason": "fechada"}
            )
    for t in doc.get("travel_minutes", []):
        TravelTime.objects.update_or_create(
            from_site=sites[t["from"]], to_site=sites[t["to"]], defaults={"minutes": t["minutes"]}
        )
    rooms = {}
    for r in doc["rooms"]:
        rooms[r["id"]], _ = Room.objects.update_or_create(
            code=r["id"],
            defaults={
                "site": sites[r["site"]],
                "name": r.get("name", r["id"]),
                "kinds": ", ".join(r.get("kinds", [])),
                "capacity": r.get("capacity", 1),
                "active": True,
            },
        )
    profs = {}
    for p in doc["professionals"]:
        prof, _ = Professional.objects.update_or_create(
            code=p["id"],
            defaults={
                "name": p.get("name", p["id"]),
                "room_kind": p.get("room_kind") or "",
                "min_weekly_hours": p.get("min_weekly_hours", 0),
                "target_weekly_hours": p.get("target_weekly_hours"),
                "max_weekly_hours": p.get("max_weekly_hours"),
                "max_daily_hours": p.get("max_daily_hours"),
                "min_block_minutes": p.get("min_block_minutes"),
                "calendar_id": p.get("calendar_id") or "",
                "active": True,
            },
        )
        profs[p["id"]] = prof
        prof.preferred_sites.set([sites[s] for s in p.get("preferred_sites", [])])
        prof.preferred_rooms.set([rooms[r] for r in p.get("preferred_rooms", [])])
        prof.availability.all().delete()
        Availability.objects.bulk_create(
            Availability(
                professional=prof,
                weekday=w.get("weekday", ""),
                date=dt.date.fromisoformat(w["date"]) if "date" in w else None,
                start=w["start"],
                end=w["end"],
            )
            for w in p.get("availability", [])
        )
    for r in doc.get("rules", []):
        rule, _ = Rule.objects.update_or_create(
            code=r["id"], defaults={**_rule_columns(r, sites, rooms, profs), "active": True}
        )
        rule.professionals.set([profs[p] for p in r.get("professionals", [])])
    for p in doc.get("pins", []):
        Pin.objects.get_or_create(
            professional=profs[p["professional"]],
            room=rooms[p["room"]],
            date=dt.date.fromisoformat(p["date"]),
            start=p["start"],
            end=p["end"],
            defaults={"source": p.get("source", "manual"), "accepted": bool(p.get("accepted", False))},
        )


# --------------------------------------------------------------------------- adopting a scenario


@dataclass
class Adoption:
    """What storing a scenario wrote (pt-BR lines), what it could not, and the pins it created."""

    stored: list[str] = field(default_factory=list)
    not_adopted: list[str] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)


_PERSON_HOURS = ("min_weekly_hours", "target_weekly_hours", "max_weekly_hours", "max_daily_hours")
# Parts of an instance an approval never writes (they are edited in the admin or the API): pt-BR names.
_NOT_WRITTEN = {
    "grain_minutes": "a grade de horários",
    "default_travel_minutes": "o tempo de deslocamento padrão",
    "travel_minutes": "os tempos de deslocamento",
    "rooms": "as salas",
    "weights": "os pesos do objetivo",
}


@transaction.atomic
def store_changes(before: dict[str, Any], after: dict[str, Any], user) -> Adoption:
    """Write to the database what differs between a week's instance (`before`, from `build_instance`)
    and the same week with a scenario applied (`after`, from `solver.changes`).

    Premissas (added, changed, gone), professionals' hour figures and availability, site closures and
    pins are written; any other difference has no place to go and is returned in `not_adopted`, never
    dropped. A standing rule lifted on some dates of this week keeps the other weeks' lifted dates.
    """
    out = Adoption()
    week = week_dates(dt.date.fromisoformat(before["week_start"]))
    sites = {s.code: s for s in Site.objects.all()}
    rooms = {r.code: r for r in Room.objects.all()}
    profs = {p.code: p for p in Professional.objects.all()}
    _store_rules(before["rules"], after["rules"], week, out, sites, rooms, profs)
    _store_professionals(before["professionals"], after["professionals"], week, out, profs)
    _store_sites(before["sites"], after["sites"], out, sites)
    out.pins = sync_pins(before.get("pins", []), after.get("pins", []), user)
    if out.pins:
        out.stored.append(f"{len(out.pins)} fixação(ões) gravada(s).")
    for key, what in _NOT_WRITTEN.items():
        if before.get(key) != after.get(key):
            out.not_adopted.append(f"A mudança em {what} não é gravada por uma aprovação; altere no cadastro.")
    return out


def _store_rules(before, after, week, out: Adoption, sites, rooms, profs) -> None:
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    in_week = {d.isoformat() for d in week}
    for rid in [r["id"] for r in before if r["id"] not in new]:
        Rule.objects.filter(code=rid).update(active=False)
        out.stored.append(f"Premissa desativada: {old[rid]['label']}.")
    for entry in after:
        rid = entry["id"]
        if rid in old and old[rid] == entry:
            continue
        if rid in old:
            rule = Rule.objects.get(code=rid)
            columns = _rule_columns(entry, sites, rooms, profs)
            # The document holds this week's lifted dates only; other weeks' stay on the row.
            kept = {d for d in rule.except_dates if d not in in_week}
            columns["except_dates"] = sorted(kept | set(columns["except_dates"]))
            Rule.objects.filter(pk=rule.pk).update(**columns)
            rule.professionals.set([profs[p] for p in entry.get("professionals", [])])
            out.stored.append(f"Premissa alterada: {entry.get('label', rid)}.")
        elif entry["kind"] == "site_closed":
            # A closed day is a site closure, beside the holidays, where the board reads its reason.
            site, day = sites[entry["site"]], dt.date.fromisoformat(entry["date"])
            SiteClosure.objects.update_or_create(
                site=site, date=day, defaults={"kind": SiteClosure.CLOSED, "reason": entry.get("label", "fechada")}
            )
            out.stored.append(f"{site.name} fechada em {day:%d/%m/%Y}.")
        else:
            code = rid if not Rule.objects.filter(code=rid).exists() else new_rule_code()
            rule = Rule.objects.create(code=code, active=True, **_rule_columns(entry, sites, rooms, profs))
            rule.professionals.set([profs[p] for p in entry.get("professionals", [])])
            out.stored.append(f"Premissa criada: {rule.label}.")


def _store_professionals(before, after, week, out: Adoption, profs) -> None:
    old = {p["id"]: p for p in before}
    for entry in after:
        was = old.get(entry["id"], {})
        person = profs[entry["id"]]
        changed = [f for f in _PERSON_HOURS if was.get(f) != entry.get(f)]
        for name in changed:
            value = entry.get(name)
            setattr(person, name, 0 if value is None and name == "min_weekly_hours" else value)
        if changed:
            person.save(update_fields=changed)
            out.stored.append(f"Limites de horas de {person.name} alterados.")
        if was.get("availability", []) != entry.get("availability", []):
            # The document shows weekday windows and this week's dated ones: those are what it replaces.
            person.availability.filter(date__isnull=True).delete()
            person.availability.filter(date__range=(week[0], week[-1])).delete()
            Availability.objects.bulk_create(
                Availability(professional=person, weekday=w.get("weekday", ""), date=w.get("date"), start=w["start"], end=w["end"])
                for w in entry.get("availability", [])
            )  # fmt: skip
            out.stored.append(f"Disponibilidade de {person.name} alterada.")
        other = sorted(k for k in set(was) | set(entry) if k not in (*_PERSON_HOURS, "availability") and was.get(k) != entry.get(k))
        if other:
            out.not_adopted.append(
                f"A mudança em {', '.join(other)} de {person.name} não é gravada por uma aprovação; altere no cadastro."
            )


def _store_sites(before, after, out: Adoption, sites) -> None:
    old = {s["id"]: s for s in before}
    for entry in after:
        was = old.get(entry["id"], {})
        site = sites[entry["id"]]
        gone, came = set(was.get("closed_dates", [])), set(entry.get("closed_dates", []))
        for day in sorted(came - gone):
            SiteClosure.objects.update_or_create(site=site, date=day, defaults={"kind": SiteClosure.CLOSED, "reason": "fechada"})
            out.stored.append(f"{site.name} fechada em {dt.date.fromisoformat(day):%d/%m/%Y}.")
        for day in sorted(gone - came):
            SiteClosure.objects.update_or_create(site=site, date=day, defaults={"kind": SiteClosure.OPEN, "reason": "aberta"})
            out.stored.append(f"{site.name} aberta em {dt.date.fromisoformat(day):%d/%m/%Y}.")
        if {k: v for k, v in was.items() if k != "closed_dates"} != {k: v for k, v in entry.items() if k != "closed_dates"}:
            out.not_adopted.append(f"A mudança nos dados de {site.name} não é gravada por uma aprovação; altere no cadastro.")


def new_rule_code() -> str:
    """A free premissa code for a rule an approval creates."""
    n = Rule.objects.filter(code__startswith="mudanca-").count() + 1
    while Rule.objects.filter(code=f"mudanca-{n}").exists():
        n += 1
    return f"mudanca-{n}"


def _pin_key(p: dict[str, Any]) -> tuple:
    return (p["professional"], p["room"], p["date"], p["start"], p["end"])


def sync_pins(before: list[dict[str, Any]], after: list[dict[str, Any]], user) -> list[Pin]:
    """Make the stored pins go from `before` to `after` (format v1 pins); returns the pins created."""
    old = {_pin_key(p): p for p in before}
    new = {_pin_key(p): p for p in after}
    profs = dict(Professional.objects.values_list("code", "pk"))
    rooms = dict(Room.objects.values_list("code", "pk"))
    for key in old.keys() - new.keys():
        prof, room, date, start, end = key
        Pin.objects.filter(professional_id=profs[prof], room_id=rooms[room], date=date, start=start, end=end).delete()
    created = []
    for key in sorted(new.keys() - old.keys()):
        prof, room, date, start, end = key
        pin = Pin.objects.create(
            professional_id=profs[prof],
            room_id=rooms[room],
            date=date,
            start=start,
            end=end,
            source=new[key].get("source", "board"),
            created_by=user,
        )
        created.append(pin)
    return created

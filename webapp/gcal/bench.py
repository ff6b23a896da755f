"""Benchmark: publish an l-sized week (~150 professionals, ~1,000 events) to the fake, then re-publish it.

    python -m webapp.gcal.bench [--professionals 150] [--pacing delegation|oauth|off] [--json]

Targets: the first publish sends at most ceil(events / 50) write requests (plus the list calls that
read the current state), the re-publish writes nothing, and each takes under 10 s against the fake.

``--pacing`` applies the default rate caps as they act in production: ``delegation`` (service account,
each professional is their own Google user: the project cap binds), ``oauth`` (one coordinator's
account: 10 requests/s for everything, ~2 min for 1,000 events) or ``off`` (our own overhead only).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import math
import random
import sys
import time

import structlog

from webapp.gcal.config import GoogleConfig
from webapp.gcal.events import CalendarAllocation, desired_events, window
from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.publisher import DeletionLimit, publish, transport_options
from webapp.gcal.service import CalendarAccess, static_credentials

WEEK_START = dt.date(2026, 12, 7)
SITES = (("savassi", "Savassi", 13), ("lourdes", "Lourdes", 11), ("funcionarios", "Funcionários", 10))
SHIFTS = (("07:00", "11:00"), ("08:00", "12:00"), ("13:00", "17:00"), ("14:00", "18:00"), ("17:00", "21:00"))


def l_week(professionals: int = 150, seed: int = 42) -> list[CalendarAllocation]:
    """A week like the generator's l size: three sites, ~6.7 blocks per professional, Monday to Saturday."""
    rng = random.Random(seed)
    rooms = [(f"{site[:3]}-{n}", f"Sala {n}", name) for site, name, count in SITES for n in range(1, count + 1)]
    out = []
    for p in range(professionals):
        professional = f"prof-{p:03d}"
        home = rng.choice(rooms)
        days = rng.sample(range(6), k=rng.choice((3, 4, 4, 5, 5, 5)))
        for day in sorted(days):
            shifts = rng.sample(SHIFTS[:4] if day < 5 else SHIFTS[:2], k=2 if rng.random() < 0.55 else 1)
            for start, end in sorted(shifts):
                room = home if rng.random() < 0.7 else rng.choice(rooms)
                out.append(CalendarAllocation(professional, f"{professional}@clinica.test",
                                              WEEK_START + dt.timedelta(days=day), dt.time.fromisoformat(start),
                                              dt.time.fromisoformat(end), *room))
    return out


def run(professionals: int = 150, pacing: str = "delegation") -> dict:
    allocations = l_week(professionals)
    desired = desired_events(allocations, version=1)
    events = sum(len(evs) for evs in desired.values())
    time_min, time_max = window(WEEK_START, 7)
    figures: dict = {"professionals": professionals, "events": events, "pacing": pacing, "runs": []}
    with FakeCalendarServer() as fake:
        config = GoogleConfig(root_url=fake.root_url, auth_mode="fake")
        options = transport_options(config)
        if pacing == "off":
            options = dataclasses.replace(options, requests_per_second=None, requests_per_user_per_second=None,
                                          writes_per_calendar_per_second=None)
        creds = static_credentials(config)
        access = CalendarAccess(config, lambda user: creds,
                                (lambda cal: cal) if pacing == "delegation" else (lambda cal: "coordenacao"))
        for label in ("first publish", "re-publish unchanged"):
            fake.reset_counters()
            started = time.perf_counter()
            result = publish(access, desired, time_min=time_min, time_max=time_max, options=options,
                             limit=DeletionLimit(None, None))
            seconds = time.perf_counter() - started
            figures["runs"].append({
                "run": label, "http_requests": fake.counters.http_requests,
                "write_requests": fake.counters.write_requests, "list_calls": fake.counters.by_method["list"],
                "writes": fake.counters.writes, "inserts": result.inserts, "patches": result.patches,
                "deletes": result.deletes, "errors": len(result.errors), "seconds": round(seconds, 2)})
    first, again = figures["runs"]
    figures["targets"] = {
        "write_requests <= ceil(events/50)": first["write_requests"] <= math.ceil(events / 50),
        "re-publish writes == 0": again["writes"] == 0,
        "each run < 10 s": all(r["seconds"] < 10 for r in figures["runs"]),
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--professionals", type=int, default=150)
    parser.add_argument("--pacing", choices=("delegation", "oauth", "off"), default="delegation")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    figures = run(args.professionals, args.pacing)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print(f"{figures['events']} events for {figures['professionals']} professionals "
              f"(pacing: {figures['pacing']})")
        print(f"{'run':<22}{'HTTP req':>9}{'write req':>10}{'lists':>7}{'writes':>8}{'seconds':>9}")
        for r in figures["runs"]:
            print(f"{r['run']:<22}{r['http_requests']:>9}{r['write_requests']:>10}{r['list_calls']:>7}"
                  f"{r['writes']:>8}{r['seconds']:>9.2f}")
        for target, met in figures["targets"].items():
            print(f"{'ok  ' if met else 'MISS'} {target}")
    return 0 if all(figures["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Load on the board (issue 11): people reading boards and diffs while coordinators keep what-ifs solving.

Run by scripts/load-test.sh (which prepares the server); alone:
    locust -f scripts/load/locustfile.py --headless -u 22 -r 22 -t 60s --host http://127.0.0.1:8000
Environment: LOAD_WEEK (a Monday), LOAD_PASSWORD, LOAD_THINK ("0" = no think time, else "min-max" seconds),
LOAD_REVALIDATE ("1": keep each answer's ETag and revalidate like a browser does; "0": always a full read),
LOAD_WHAT_IFS (how many coordinators keep one what-if solving each), LOAD_SOLVE_SECONDS (each what-if's limit).
"""
from __future__ import annotations

import os
import random
import time

import requests
from locust import HttpUser, between, constant, task

WEEK = os.environ.get("LOAD_WEEK", "2026-12-07")
PASSWORD = os.environ.get("LOAD_PASSWORD", "agendador")
REVALIDATE = os.environ.get("LOAD_REVALIDATE", "1") == "1"
SOLVE_SECONDS = float(os.environ.get("LOAD_SOLVE_SECONDS", "20"))
WEEKDAYS = ["2026-12-07", "2026-12-09", "2026-12-10", "2026-12-11"]  # 8 Dec is a holiday in the demo week


def _think():
    spec = os.environ.get("LOAD_THINK", "0.5-1.5")
    if spec in ("", "0"):
        return constant(0)
    low, high = (float(x) for x in spec.split("-"))
    return between(low, high)


def _login(user: HttpUser, username: str) -> None:
    """Log in outside the statistics (a password hash is slow on purpose; the reads are what is measured)."""
    response = requests.post(f"{user.host}/api/auth/token/", json={"username": username, "password": PASSWORD}, timeout=60)
    response.raise_for_status()
    user.client.headers["Authorization"] = f"Token {response.json()['token']}"


def _setup_get(user: HttpUser, path: str) -> dict:
    """A read to set the user up, outside the statistics."""
    response = requests.get(f"{user.host}{path}", headers={"Authorization": user.client.headers["Authorization"]}, timeout=60)
    response.raise_for_status()
    return response.json()


class BoardReader(HttpUser):
    """A person with the board open: the week, a version, its verdict, the list, a diff."""

    weight = 10
    wait_time = _think()

    def on_start(self) -> None:
        _login(self, "visualizador")
        self.etags: dict[str, str] = {}
        versions = _setup_get(self, f"/api/versions/?week_start={WEEK}")["results"]
        self.versions = [v["id"] for v in versions] or [0]

    def _read(self, url: str, name: str) -> None:
        headers = {"If-None-Match": self.etags[url]} if REVALIDATE and url in self.etags else {}
        with self.client.get(url, headers=headers, name=name, catch_response=True) as response:
            if response.status_code in (200, 304):
                if "ETag" in response.headers:
                    self.etags[url] = response.headers["ETag"]
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(3)
    def week(self) -> None:
        self._read(f"/api/weeks/{WEEK}/", "week")

    @task(3)
    def version(self) -> None:
        self._read(f"/api/versions/{random.choice(self.versions)}/", "version")

    @task(2)
    def inconsistencies(self) -> None:
        self._read(f"/api/versions/{random.choice(self.versions)}/inconsistencies/", "inconsistencies")

    @task(1)
    def versions_of_the_week(self) -> None:
        self._read(f"/api/versions/?week_start={WEEK}", "versions of the week")

    @task(1)
    def diff(self) -> None:
        old, new = random.choice(self.versions), random.choice(self.versions)
        self._read(f"/api/diff/?from={old}&to={new}", "diff")


class WhatIfCoordinator(HttpUser):
    """A coordinator who keeps one what-if solving: block a room for a day, wait for the answer, again."""

    fixed_count = int(os.environ.get("LOAD_WHAT_IFS", "2"))
    wait_time = constant(0)

    def on_start(self) -> None:
        _login(self, "coordenador")
        versions = _setup_get(self, f"/api/versions/?week_start={WEEK}")["results"]
        self.base = versions[-1]["id"]  # the weekly solve's version
        rooms = _setup_get(self, "/api/rooms/?limit=200")["results"]
        self.rooms = [r["code"] for r in rooms]

    @task
    def what_if(self) -> None:
        change = {"kind": "block_room", "room": random.choice(self.rooms), "date": random.choice(WEEKDAYS)}
        body = {
            "kind": "what_if",
            "base_version": self.base,
            "time_limit": SOLVE_SECONDS,
            "changes": {"format": "agendador.changes/1", "changes": [change]},
        }
        response = self.client.post("/api/runs/", json=body, name="what-if start")
        if response.status_code != 202:
            return
        run = response.json()["id"]
        deadline = time.monotonic() + SOLVE_SECONDS * 4 + 60
        while time.monotonic() < deadline:
            status = self.client.get(f"/api/runs/{run}/", name="what-if poll").json()["status"]
            if status not in ("queued", "running"):
                return
            time.sleep(1)

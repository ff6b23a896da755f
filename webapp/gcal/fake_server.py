"""A fake Google Calendar v3 server on loopback, for the tests and the demo.

It speaks what the real google-api-python-client sends: the events REST calls under
``/calendar/v3/`` and ``multipart/mixed`` batches at ``POST /batch/calendar/v3``, plus a small
OAuth token endpoint at ``POST /token`` so service-account and OAuth credentials can refresh
against it. Point ``GOOGLE_API_ROOT_URL`` at :attr:`FakeCalendarServer.root_url`.

Behaviour copied from Google's Calendar API v3 reference (events, batch, sync): client-chosen ids are
base32hex; a deleted event stays as ``status: cancelled`` and keeps its id, so inserting that id
again answers 409 ``duplicate``; ``syncToken`` cannot be combined with the filtering parameters, an
unknown or expired one answers 410; ``nextSyncToken`` comes on the last page only.

Faults are injected with :meth:`FakeCalendarServer.inject`. The demo runs it standalone::

    python -m webapp.gcal.fake_server --port 8765 --state-file var/fake-google.json
"""
from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import html
import json
import os
import random
import re
import secrets
import tempfile
import threading
import urllib.parse
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TIME_ZONE = "America/Sao_Paulo"
MAX_BATCH_CALLS = 1000
DEFAULT_PAGE_SIZE = 250
MAX_PAGE_SIZE = 2500

EVENT_ID = re.compile(r"^[a-v0-9]{5,1024}$")
EVENTS_PATH = re.compile(r"^/calendar/v3/calendars/(?P<cal>[^/]+)/events(?:/(?P<event>[^/]+))?$")
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
# syncToken cannot be combined with these (Calendar API, events.list).
SYNC_INCOMPATIBLE = ("privateExtendedProperty", "sharedExtendedProperty", "timeMin", "timeMax", "q", "orderBy",
                     "updatedMin", "iCalUID")
SYNC_TOKEN_RESTRICTED = ("privateExtendedProperty", "sharedExtendedProperty", "q", "orderBy", "updatedMin", "iCalUID")

# Fault actions: a status answered instead of the call, or a connection closed without an answer
# before ("drop") or after ("drop-after") the request was carried out.
FAULT_RESPONSES = {
    "429": (429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded"),
    "403-rate": (403, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded"),
    "403-user-rate": (403, "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded"),
    "500": (500, "global", "backendError", "Backend Error"),
    "503": (503, "global", "backendError", "Service Unavailable"),
}
DROP_ACTIONS = ("drop", "drop-after")
FAULT_ACTIONS = (*FAULT_RESPONSES, *DROP_ACTIONS)
FAULT_SCOPES = ("call", "part", "any", "batch")


class _Drop:
    """Marker: close the connection without answering."""


DROP = _Drop()


@dataclass
class Fault:
    """One injected fault.

    ``scope``: "call" (a plain HTTP call), "part" (one call inside a batch), "any" (either) or
    "batch" (a whole batch request). ``method`` and ``path`` (a regex searched in the call's path)
    narrow which calls match; ``nth`` fires on the n-th match only; ``times`` caps how often it
    fires (None: no cap); ``probability`` fires at random with the server's seeded generator.
    """

    action: str
    scope: str = "any"
    method: str | None = None
    path: str | None = None
    nth: int | None = None
    times: int | None = 1
    probability: float = 1.0
    seen: int = 0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.action not in FAULT_ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; one of {FAULT_ACTIONS}")
        if self.scope not in FAULT_SCOPES:
            raise ValueError(f"unknown fault scope {self.scope!r}; one of {FAULT_SCOPES}")
        if self.action in DROP_ACTIONS and self.scope in ("part", "any"):
            raise ValueError("a batch part cannot drop the connection: use scope 'call' or 'batch'")

    def matches(self, scope: str, method: str, path: str) -> bool:
        if self.scope != scope and not (self.scope == "any" and scope in ("call", "part")):
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or re.search(self.path, path) is not None


@dataclass
class Counters:
    http_requests: int = 0  # top-level HTTP requests to the Calendar API (a batch counts once)
    batches: int = 0
    calls: int = 0  # API calls, plain or inside a batch
    write_requests: int = 0  # HTTP requests carrying at least one write call
    writes: int = 0  # write calls that succeeded
    faults: int = 0
    by_method: Counter = field(default_factory=Counter)  # "insert", "patch", "list", ... as called


@dataclass
class _Calendar:
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    seqs: dict[str, int] = field(default_factory=dict)  # event id -> global change sequence
    epoch: int = 0  # bumped to expire every sync token of the calendar


class _Response:
    __slots__ = ("status", "body", "headers")

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def content_type(self) -> str:
        return self.headers.get("Content-Type", "application/json; charset=UTF-8")


def _error(status: int, reason: str, message: str, domain: str = "global") -> _Response:
    return _Response(status, {"error": {"errors": [{"domain": domain, "reason": reason, "message": message}],
                                        "code": status, "message": message}})


class _ApiError(Exception):
    def __init__(self, status: int, reason: str, message: str, domain: str = "global"):
        super().__init__(message)
        self.response = _error(status, reason, message, domain)


def _now_rfc3339() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_instant(value: str, what: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _ApiError(400, "badRequest", f"Bad Request: invalid {what} {value!r}") from None
    if parsed.tzinfo is None:
        raise _ApiError(400, "badRequest", f"Bad Request: {what} needs a time zone offset")
    return parsed


def _event_time(point: Any, what: str) -> dt.datetime:
    if not isinstance(point, dict):
        raise _ApiError(400, "required", f"Missing {what} time.")
    if point.get("dateTime"):
        try:
            parsed = dt.datetime.fromisoformat(point["dateTime"])
        except (TypeError, ValueError):
            raise _ApiError(400, "invalid", f"Invalid {what} time.") from None
        if parsed.tzinfo is None:
            tz = point.get("timeZone")
            if not tz:
                raise _ApiError(400, "invalid", f"Missing time zone definition for {what} time.")
            parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(tz))
        return parsed
    if point.get("date"):
        try:
            day = dt.date.fromisoformat(point["date"])
        except (TypeError, ValueError):
            raise _ApiError(400, "invalid", f"Invalid {what} time.") from None
        return dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))
    raise _ApiError(400, "required", f"Missing {what} time.")


def _bounds(event: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    return _event_time(event.get("start"), "start"), _event_time(event.get("end"), "end")


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """Patch semantics: objects merge recursively, arrays and scalars replace, null clears."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _unb64(token: str) -> dict[str, Any] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def _split_head(data: bytes) -> tuple[list[str], bytes]:
    """Split an HTTP/MIME message into header lines and body (CRLF or LF line ends)."""
    match = re.search(rb"\r?\n\r?\n", data)
    if match is None:
        head, body = data, b""
    else:
        head, body = data[: match.start()], data[match.end():]
    return head.decode("utf-8", "replace").splitlines(), body


def _header_dict(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return headers


class FakeCalendarServer:
    """The fake server: state, protocol and fault injection. Thread-safe.

    Use as a context manager or call :meth:`start` / :meth:`stop`. ``state_file`` keeps the
    calendars in a JSON file across restarts (the demo); ``auto_create_calendars=False`` answers
    404 for calendars not added with :meth:`add_calendar`. ``minimal_cancelled=True`` lists deleted
    events the way Google only promises them: id and status, no properties (so they drop out of
    ``privateExtendedProperty`` filters); a get by id still returns the whole event.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, state_file: str | os.PathLike | None = None,
                 auto_create_calendars: bool = True, seed: int = 0, minimal_cancelled: bool = False):
        self._host = host
        self._port = port
        self._state_file = os.fspath(state_file) if state_file is not None else None
        self._auto_create = auto_create_calendars
        self._minimal_cancelled = minimal_cancelled
        self._lock = threading.RLock()
        self._rng = random.Random(seed)
        self._calendars: dict[str, _Calendar] = {}
        self._seq = 0
        self._faults: list[Fault] = []
        self._tokens: dict[str, str] = {}  # access token -> user it was issued for
        self._refresh_tokens: dict[str, str] = {}
        self.counters = Counters()
        self.writers: dict[str, set[str]] = {}  # calendar -> users whose writes it accepted
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        if self._state_file and os.path.exists(self._state_file):
            self._load()

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeCalendarServer:
        httpd = ThreadingHTTPServer((self._host, self._port), _Handler)
        httpd.daemon_threads = True
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-google-calendar", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeCalendarServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake server is not running")
        return self._httpd.server_address[1]

    @property
    def root_url(self) -> str:
        return f"http://{self._host}:{self.port}/"

    @property
    def token_uri(self) -> str:
        return self.root_url + "token"

    # --- faults and counters ---------------------------------------------------------------

    def inject(self, action: str, **options: Any) -> Fault:
        fault = Fault(action, **options)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_counters(self) -> None:
        with self._lock:
            self.counters = Counters()

    def _fault_for(self, scope: str, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if not fault.matches(scope, method, path):
                continue
            fault.seen += 1
            if fault.times is not None and fault.fired >= fault.times:
                continue
            if fault.nth is not None and fault.seen != fault.nth:
                continue
            if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                continue
            fault.fired += 1
            self.counters.faults += 1
            return fault
        return None

    # --- state, for tests and the demo -----------------------------------------------------

    def add_calendar(self, calendar_id: str) -> None:
        with self._lock:
            self._calendars.setdefault(calendar_id, _Calendar())

    def calendar_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._calendars)

    def events(self, calendar_id: str, *, include_cancelled: bool = False) -> dict[str, dict[str, Any]]:
        """A copy of one calendar's events by id (cancelled ones only when asked)."""
        with self._lock:
            cal = self._calendars.get(calendar_id)
            if cal is None:
                return {}
            return {eid: copy.deepcopy(ev) for eid, ev in cal.events.items()
                    if include_cancelled or ev.get("status") != "cancelled"}

    def state(self, *, include_cancelled: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
        """Calendar id -> event id -> event, for every calendar."""
        with self._lock:
            return {cal: self.events(cal, include_cancelled=include_cancelled) for cal in sorted(self._calendars)}

    def add_event(self, calendar_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Create an event as its owner would in Google's UI (no HTTP, no counters)."""
        with self._lock:
            try:
                event = copy.deepcopy(self._insert(self._calendar(calendar_id, create=True), calendar_id, event))
            except _ApiError as exc:
                raise ValueError(exc.response.body["error"]["message"]) from None
            self._save_if_dirty()
            return event

    def edit_event(self, calendar_id: str, event_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change an event as its owner would (patch semantics)."""
        with self._lock:
            event = copy.deepcopy(self._patch(self._calendar(calendar_id), event_id, changes))
            self._save_if_dirty()
            return event

    def cancel_event(self, calendar_id: str, event_id: str) -> None:
        """Delete an event as its owner would: it stays as ``cancelled``."""
        with self._lock:
            self._delete(self._calendar(calendar_id), event_id)
            self._save_if_dirty()

    def expire_sync_tokens(self, calendar_id: str | None = None) -> None:
        """Invalidate the sync tokens of one calendar (or all): the next incremental list answers 410."""
        with self._lock:
            for cal_id, cal in self._calendars.items():
                if calendar_id is None or cal_id == calendar_id:
                    cal.epoch += 1

    # --- HTTP entry point ------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> _Response | _Drop:
        """Answer one HTTP request (headers with lower-case names)."""
        split = urllib.parse.urlsplit(target)
        path = split.path
        if path.startswith("/_fake/"):
            return self._inspect(path)
        if path == "/token" and method == "POST":
            return self._token(body)
        with self._lock:
            self.counters.http_requests += 1
            if path == "/batch/calendar/v3" and method == "POST":
                return self._batch(headers, body)
            if method in WRITE_METHODS:
                self.counters.write_requests += 1
            fault = self._fault_for("call", method, path)
            if fault is not None and fault.action == "drop":
                return DROP
            if fault is not None and fault.action != "drop-after":
                return _error(*self._fault_error(fault))
            response = self._call(method, split, headers, body)
            self._save_if_dirty()
            return DROP if fault is not None else response

    @staticmethod
    def _fault_error(fault: Fault) -> tuple[int, str, str, str]:
        status, domain, reason, message = FAULT_RESPONSES[fault.action]
        return status, reason, message, domain

    def _batch(self, headers: dict[str, str], body: bytes) -> _Response | _Drop:
        self.counters.batches += 1
        ctype = headers.get("content-type", "")
        match = re.search(r'boundary="?([^";]+)"?', ctype)
        if not ctype.startswith("multipart/mixed") or match is None:
            return _error(400, "badRequest", "Batch requests must be multipart/mixed.")
        delimiter = b"--" + match.group(1).encode()
        parts: list[tuple[str, bytes]] = []
        for section in body.split(delimiter)[1:]:
            if section.startswith(b"--"):
                break
            lines, inner = _split_head(section.lstrip(b"\r\n"))
            content_id = _header_dict(lines).get("content-id", "")
            parts.append((content_id, inner[:-2] if inner.endswith(b"\r\n") else inner.rstrip(b"\n")))
        if not parts:
            return _error(400, "badRequest", "Empty batch.")
        if len(parts) > MAX_BATCH_CALLS:
            return _error(400, "badRequest", f"A batch holds at most {MAX_BATCH_CALLS} calls.")
        calls = [(cid, *self._parse_part(inner)) for cid, inner in parts]
        if any(call_method in WRITE_METHODS for _, call_method, *_ in calls):
            self.counters.write_requests += 1
        fault = self._fault_for("batch", "POST", "/batch/calendar/v3")
        if fault is not None and fault.action == "drop":
            return DROP
        if fault is not None and fault.action != "drop-after":
            return _error(*self._fault_error(fault))
        outer = {k: v for k, v in headers.items() if not k.startswith("content-")}
        out = []
        boundary = "batch_" + secrets.token_hex(12)
        for content_id, call_method, target, part_headers, part_body in calls:
            split = urllib.parse.urlsplit(target)
            part_fault = self._fault_for("part", call_method, split.path)
            if part_fault is not None:
                response = _error(*self._fault_error(part_fault))
            else:
                response = self._call(call_method, split, {**outer, **part_headers}, part_body)
            answer_id = "<response-" + content_id[1:] if content_id.startswith("<") else content_id
            payload = response.payload()
            out.append(
                f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: {answer_id}\r\n\r\n"
                f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Status')}\r\n"
                f"Content-Type: {response.content_type()}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
                + payload + b"\r\n")
        self._save_if_dirty()
        if fault is not None:  # drop-after: everything was carried out, the answer is lost
            return DROP
        return _Response(200, b"".join(out) + f"--{boundary}--\r\n".encode(),
                         {"Content-Type": f"multipart/mixed; boundary={boundary}"})

    @staticmethod
    def _parse_part(inner: bytes) -> tuple[str, str, dict[str, str], bytes]:
        lines, body = _split_head(inner)
        request_line = lines[0].split() if lines else ["", "", ""]
        method, target = (request_line + ["", ""])[:2]
        return method.upper(), target, _header_dict(lines[1:]), body

    # --- the Calendar API --------------------------------------------------------------------

    def _call(self, method: str, split: urllib.parse.SplitResult, headers: dict[str, str],
              body: bytes) -> _Response:
        self.counters.calls += 1
        match = EVENTS_PATH.match(split.path)
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("bearer ") or not auth[7:].strip():
            return _error(401, "required", "Login Required.", "global")
        if match is None:
            return _error(404, "notFound", "Not Found")
        calendar_id = urllib.parse.unquote(match["cal"])
        event_id = urllib.parse.unquote(match["event"]) if match["event"] else None
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        name = {("GET", False): "list", ("POST", False): "insert", ("GET", True): "get",
                ("PATCH", True): "patch", ("PUT", True): "update", ("DELETE", True): "delete"}.get(
            (method, event_id is not None))
        if name is None:
            return _error(405, "methodNotAllowed", "Method Not Allowed")
        self.counters.by_method[name] += 1
        try:
            cal = self._calendar(calendar_id, create=self._auto_create)
            if name == "list":
                return _Response(200, self._list(calendar_id, cal, query))
            if name == "get":
                return _Response(200, copy.deepcopy(self._get(cal, event_id)))
            if name in ("insert", "patch", "update"):
                try:
                    data = json.loads(body.decode("utf-8") or "null")
                except ValueError:
                    raise _ApiError(400, "parseError", "Parse Error") from None
                if not isinstance(data, dict):
                    raise _ApiError(400, "required", "Required")
                if name == "insert":
                    result = self._insert(cal, calendar_id, data)
                elif name == "patch":
                    result = self._patch(cal, event_id, data)
                else:
                    result = self._update(cal, event_id, data)
                response = _Response(200, copy.deepcopy(result))
            else:
                self._delete(cal, event_id)
                response = _Response(204)
        except _ApiError as exc:
            return exc.response
        self.counters.writes += 1
        user = self._tokens.get(auth[7:].strip(), auth[7:].strip())
        self.writers.setdefault(calendar_id, set()).add(user)
        self._dirty = True
        return response

    def _calendar(self, calendar_id: str, *, create: bool = False) -> _Calendar:
        cal = self._calendars.get(calendar_id)
        if cal is None:
            if not create:
                raise _ApiError(404, "notFound", "Not Found")
            cal = self._calendars[calendar_id] = _Calendar()
        return cal

    def _touch(self, cal: _Calendar, event: dict[str, Any]) -> None:
        self._seq += 1
        cal.seqs[event["id"]] = self._seq
        event["updated"] = _now_rfc3339()
        event["etag"] = f'"{self._seq}"'
        self._dirty = True

    def _get(self, cal: _Calendar, event_id: str | None) -> dict[str, Any]:
        event = cal.events.get(event_id or "")
        if event is None:
            raise _ApiError(404, "notFound", "Not Found")
        return event

    def _insert(self, cal: _Calendar, calendar_id: str, data: dict[str, Any]) -> dict[str, Any]:
        event_id = data.get("id")
        if event_id is None:
            event_id = base64.b32hexencode(secrets.token_bytes(15)).decode().lower()
        elif not isinstance(event_id, str) or not EVENT_ID.match(event_id):
            raise _ApiError(400, "invalid", "Invalid resource id value.")
        if event_id in cal.events:
            raise _ApiError(409, "duplicate", "The requested identifier already exists.")
        event = copy.deepcopy(data)
        self._check_times(event)
        now = _now_rfc3339()
        event.update(kind="calendar#event", id=event_id, created=now, iCalUID=f"{event_id}@google.com",
                     htmlLink=f"https://www.google.com/calendar/event?eid={event_id}",
                     creator={"email": calendar_id, "self": True}, organizer={"email": calendar_id, "self": True})
        event.setdefault("status", "confirmed")
        event.setdefault("sequence", 0)
        event.setdefault("eventType", "default")
        event.setdefault("reminders", {"useDefault": True})
        cal.events[event_id] = event
        self._touch(cal, event)
        return event

    def _patch(self, cal: _Calendar, event_id: str | None, data: dict[str, Any]) -> dict[str, Any]:
        event = self._get(cal, event_id)
        candidate = copy.deepcopy(event)
        _merge(candidate, {k: v for k, v in data.items() if k not in ("id", "created", "iCalUID", "kind")})
        self._check_times(candidate)
        if (candidate.get("start"), candidate.get("end")) != (event.get("start"), event.get("end")):
            candidate["sequence"] = candidate.get("sequence", 0) + 1
        event.clear()
        event.update(candidate)
        self._touch(cal, event)
        return event

    def _update(self, cal: _Calendar, event_id: str | None, data: dict[str, Any]) -> dict[str, Any]:
        event = self._get(cal, event_id)
        kept = {k: event[k] for k in ("kind", "id", "created", "iCalUID", "htmlLink", "creator", "organizer",
                                      "sequence") if k in event}
        candidate = {**copy.deepcopy(data), **kept}
        candidate.setdefault("status", "confirmed")
        self._check_times(candidate)
        event.clear()
        event.update(candidate)
        self._touch(cal, event)
        return event

    def _delete(self, cal: _Calendar, event_id: str | None) -> None:
        event = self._get(cal, event_id)
        if event.get("status") == "cancelled":
            raise _ApiError(410, "deleted", "Resource has been deleted")
        event["status"] = "cancelled"
        self._touch(cal, event)

    @staticmethod
    def _check_times(event: dict[str, Any]) -> None:
        start, end = _bounds(event)
        if end < start:
            raise _ApiError(400, "timeRangeEmpty", "The specified time range is empty.")

    def _list(self, calendar_id: str, cal: _Calendar, query: dict[str, list[str]]) -> dict[str, Any]:
        def one(name: str) -> str | None:
            values = query.get(name)
            return values[-1] if values else None

        try:
            page_size = min(int(one("maxResults") or DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
        except ValueError:
            raise _ApiError(400, "invalid", "Invalid value for maxResults") from None
        if page_size < 1:
            raise _ApiError(400, "invalid", "Invalid value for maxResults")
        page: dict[str, Any] = {}
        if one("pageToken") is not None:
            page = _unb64(one("pageToken") or "") or {}
            if "o" not in page:
                raise _ApiError(400, "invalid", "Invalid page token value.")
        snapshot = page.get("s", self._seq)

        sync_token = one("syncToken")
        if sync_token is not None:
            used = [name for name in SYNC_INCOMPATIBLE if name in query]
            if used:
                raise _ApiError(400, "invalid", "Sync token cannot be used with the requested restrictions: "
                                + ", ".join(used))
            token = _unb64(sync_token)
            if (token is None or token.get("c") != calendar_id or token.get("e") != cal.epoch
                    or not isinstance(token.get("q"), int) or token["q"] > self._seq):
                raise _ApiError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.")
            since = token["q"]
            items = [ev for eid, ev in cal.events.items() if since < cal.seqs[eid] <= snapshot]
            items.sort(key=lambda ev: cal.seqs[ev["id"]])
        else:
            items = self._filtered(cal, query, one)

        offset = int(page["o"]) if page else 0
        chunk = items[offset: offset + page_size]
        result: dict[str, Any] = {
            "kind": "calendar#events", "etag": f'"{self._seq}"', "summary": calendar_id,
            "updated": _now_rfc3339(), "timeZone": TIME_ZONE, "accessRole": "owner", "defaultReminders": [],
            "items": [self._listed(ev) for ev in chunk],
        }
        if offset + page_size < len(items):
            result["nextPageToken"] = _b64({"o": offset + page_size, "s": snapshot})
        elif not any(name in query for name in SYNC_TOKEN_RESTRICTED):
            result["nextSyncToken"] = _b64({"c": calendar_id, "e": cal.epoch, "q": snapshot})
        return result

    def _listed(self, event: dict[str, Any]) -> dict[str, Any]:
        if self._minimal_cancelled and event.get("status") == "cancelled":
            return {k: event[k] for k in ("kind", "etag", "id", "status", "updated") if k in event}
        return copy.deepcopy(event)

    def _filtered(self, cal: _Calendar, query: dict[str, list[str]], one: Any) -> list[dict[str, Any]]:
        show_deleted = (one("showDeleted") or "false").lower() == "true"
        wanted: list[tuple[str, str]] = []
        for prop in query.get("privateExtendedProperty", []):
            if "=" not in prop:
                raise _ApiError(400, "invalid", "Invalid privateExtendedProperty value: use name=value")
            wanted.append(tuple(prop.split("=", 1)))  # type: ignore[arg-type]
        time_min = _parse_instant(one("timeMin"), "timeMin") if one("timeMin") else None
        time_max = _parse_instant(one("timeMax"), "timeMax") if one("timeMax") else None
        updated_min = _parse_instant(one("updatedMin"), "updatedMin") if one("updatedMin") else None
        if time_min and time_max and time_max <= time_min:
            raise _ApiError(400, "timeRangeEmpty", "The specified time range is empty.")
        order_by = one("orderBy")
        if order_by == "startTime" and (one("singleEvents") or "false").lower() != "true":
            raise _ApiError(400, "badRequest", "The requested ordering is not available for the particular query.")
        if order_by not in (None, "startTime", "updated"):
            raise _ApiError(400, "invalid", "Invalid value for orderBy")
        if one("q") is not None:
            raise _ApiError(400, "badRequest", "The fake server does not support q")

        items = []
        for event in cal.events.values():
            if event.get("status") == "cancelled" and not show_deleted:
                continue
            private = (self._listed(event).get("extendedProperties") or {}).get("private") or {}
            if any(private.get(name) != value for name, value in wanted):
                continue
            if time_min or time_max:
                start, end = _bounds(event)
                if time_min and end <= time_min:
                    continue
                if time_max and start >= time_max:
                    continue
            if updated_min and dt.datetime.fromisoformat(event["updated"]) < updated_min:
                continue
            items.append(event)
        if order_by == "startTime":
            items.sort(key=lambda ev: (_bounds(ev)[0], ev["id"]))
        elif order_by == "updated":
            items.sort(key=lambda ev: ev["updated"])
        return items

    # --- OAuth token endpoint ------------------------------------------------------------------

    def _token(self, body: bytes) -> _Response:
        form = {k: v[-1] for k, v in urllib.parse.parse_qs(body.decode("utf-8")).items()}
        grant = form.get("grant_type")
        with self._lock:
            if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
                claims = _unb64(form.get("assertion", "").split(".")[1]) if form.get("assertion", "").count(
                    ".") == 2 else None
                if not claims:
                    return _Response(400, {"error": "invalid_grant", "error_description": "Invalid JWT."})
                user = claims.get("sub") or claims.get("iss") or "service-account"
                scope = claims.get("scope", "")
            elif grant == "authorization_code":
                user, scope = "oauth:" + form.get("code", ""), form.get("scope", "")
                refresh = "fake-refresh-" + secrets.token_hex(8)
                self._refresh_tokens[refresh] = user
            elif grant == "refresh_token" and form.get("refresh_token") in self._refresh_tokens:
                user, scope = self._refresh_tokens[form["refresh_token"]], form.get("scope", "")
            else:
                return _Response(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            token = "fake-access-" + secrets.token_hex(8)
            self._tokens[token] = user
            answer = {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
            if scope:
                answer["scope"] = scope
            if grant == "authorization_code":
                answer["refresh_token"] = refresh
            return _Response(200, answer)

    def issue_refresh_token(self, user: str) -> str:
        """A refresh token the token endpoint will honour (tests of stored OAuth credentials)."""
        with self._lock:
            token = "fake-refresh-" + secrets.token_hex(8)
            self._refresh_tokens[token] = user
            return token

    def user_of(self, access_token: str) -> str | None:
        with self._lock:
            return self._tokens.get(access_token)

    # --- inspection pages and persistence ----------------------------------------------------

    def _inspect(self, path: str) -> _Response:
        state = self.state()
        if path == "/_fake/state":
            return _Response(200, state)
        rows = []
        for cal, events in state.items():
            rows.append(f"<h2>{html.escape(cal)} ({len(events)})</h2><ul>")
            for ev in sorted(events.values(), key=lambda e: (e.get("start") or {}).get("dateTime", "")):
                when = (ev.get("start") or {}).get("dateTime", "?")[:16].replace("T", " ")
                until = (ev.get("end") or {}).get("dateTime", "?")[11:16]
                rows.append(f"<li>{html.escape(when)}–{html.escape(until)} {html.escape(ev.get('summary', ''))}</li>")
            rows.append("</ul>")
        page = ("<!doctype html><meta charset=utf-8><title>Google Agenda (simulado)</title>"
                "<h1>Google Agenda simulado</h1>" + "".join(rows or ["<p>Nenhum evento publicado.</p>"]))
        return _Response(200, page.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})

    _dirty = False

    def _save_if_dirty(self) -> None:
        if not self._dirty or not self._state_file:
            self._dirty = False
            return
        self._dirty = False
        data = {"seq": self._seq, "calendars": {
            cal_id: {"epoch": cal.epoch, "events": cal.events, "seqs": cal.seqs}
            for cal_id, cal in self._calendars.items()}}
        directory = os.path.dirname(os.path.abspath(self._state_file))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".fake-google-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, self._state_file)

    def _load(self) -> None:
        with open(self._state_file, encoding="utf-8") as fh:  # type: ignore[arg-type]
            data = json.load(fh)
        self._seq = int(data.get("seq", 0))
        for cal_id, cal in data.get("calendars", {}).items():
            self._calendars[cal_id] = _Calendar(events=cal["events"], seqs={k: int(v) for k, v in cal["seqs"].items()},
                                                epoch=int(cal.get("epoch", 0)))


_REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 429: "Too Many Requests",
            500: "Internal Server Error", 503: "Service Unavailable"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeGoogleCalendar/1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stalls

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        result = self.server.fake.handle(self.command, self.path, headers, body)  # type: ignore[attr-defined]
        if isinstance(result, _Drop):
            self.close_connection = True
            return
        payload = result.payload()
        self.send_response(result.status)
        self.send_header("Content-Type", result.content_type())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _dispatch

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by design
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Servidor local que imita o Google Agenda (demonstração e testes).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state-file", default=None, help="arquivo JSON onde os eventos ficam guardados")
    args = parser.parse_args(argv)
    server = FakeCalendarServer(host=args.host, port=args.port, state_file=args.state_file).start()
    print(f"Google Agenda simulado em {server.root_url} (eventos em {server.root_url}_fake/)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()

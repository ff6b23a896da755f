"""Sends Calendar calls in batches, within rate caps, retrying what Google asks us to retry.

Calls for several calendars share a batch (up to ``batch_size``, taken round-robin over calendars so
one calendar's writes spread out). Before each HTTP request three token buckets are charged: the
project's requests per second, the user's requests per second and, for writes, the calendar's
writes per second. 403 ``rateLimitExceeded``/``userRateLimitExceeded``, 429 and 5xx — of a single
call, of one batch part (the client library does not retry parts) or of a whole batch — and dropped
connections are retried with truncated exponential backoff and jitter, up to ``max_attempts``.
"""
from __future__ import annotations

import heapq
import itertools
import json
import random
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httplib2
from googleapiclient.errors import BatchError, HttpError

WRITE_METHODS = frozenset({"insert", "patch", "update", "delete"})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


@dataclass(frozen=True)
class TransportOptions:
    batch_size: int = 50
    requests_per_second: float | None = 150.0  # None or 0: no cap
    requests_per_user_per_second: float | None = 10.0
    writes_per_calendar_per_second: float | None = 5.0
    max_attempts: int = 6
    backoff_base_seconds: float = 1.0
    backoff_max_seconds: float = 32.0


@dataclass
class Failure:
    status: int | None  # None: the connection failed
    reason: str
    message: str
    transient: bool
    retry_after: float | None = None


@dataclass
class Call:
    """One Calendar API call: ``events().<method>(calendarId=calendar_id, **params)``."""

    calendar_id: str
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    context: Any = None  # the caller's bookkeeping (event id, plan entry, ...)
    attempt: int = 1

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS


@dataclass
class TransportStats:
    http_requests: int = 0
    batches: int = 0
    calls: int = 0
    write_requests: int = 0
    retries: int = 0  # calls sent again after a transient failure
    throttled_seconds: float = 0.0
    backoff_seconds: float = 0.0


class TokenBucket:
    """``rate`` tokens a second, holding at most one second's worth; a charge may run into debt and
    returns how long to wait for it to be paid."""

    def __init__(self, rate: float, clock: Callable[[], float]):
        self.rate = rate
        self.clock = clock
        self.tokens = rate
        self.updated = clock()

    def charge(self, amount: float) -> float:
        now = self.clock()
        self.tokens = min(self.rate, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= amount
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


def failure_from_http_error(error: HttpError) -> Failure:
    status = int(error.resp.status)
    reason, message = "", str(getattr(error, "reason", "") or "")
    try:
        data = json.loads(error.content.decode("utf-8") if isinstance(error.content, bytes) else error.content)
        detail = data["error"]
        message = detail.get("message", message)
        errors = detail.get("errors") or []
        reason = errors[0].get("reason", "") if errors else str(detail.get("status", ""))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        pass
    transient = status >= 500 or status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS)
    retry_after = None
    try:
        retry_after = float(error.resp.get("retry-after")) if error.resp.get("retry-after") else None
    except (TypeError, ValueError):
        pass
    return Failure(status, reason, message, transient, retry_after)


def failure_from_exception(error: BaseException) -> Failure:
    return Failure(None, "connection", f"{type(error).__name__}: {error}", transient=True)


# Transport-level errors: the request may or may not have been carried out; every call we send is
# safe to repeat (deterministic ids, 409 -> patch, delete of a deleted event is fine).
CONNECTION_ERRORS = (OSError, httplib2.HttpLib2Error, BatchError, KeyError)


class Transport:
    """Runs calls to completion; ``handler(call, response, failure)`` receives each final outcome
    (a success, a permanent failure or a transient one out of attempts) and returns follow-up calls."""

    def __init__(self, access: Any, options: TransportOptions = TransportOptions(), *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None, after_request: Callable[[TransportStats], None] | None = None):
        self.access = access
        self.options = options
        self.clock = clock
        self._sleep = sleep
        self.rng = rng or random.Random()
        self.after_request = after_request
        self.stats = TransportStats()
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._resources: dict[int, Any] = {}

    # --- pacing ------------------------------------------------------------------------------

    def _bucket(self, kind: str, key: str, rate: float | None) -> TokenBucket | None:
        if not rate:
            return None
        if (kind, key) not in self._buckets:
            self._buckets[(kind, key)] = TokenBucket(rate, self.clock)
        return self._buckets[(kind, key)]

    def _throttle(self, batch: list[Call]) -> None:
        charges: list[tuple[TokenBucket | None, int]] = [(self._bucket("project", "", self.options.requests_per_second),
                                                          len(batch))]
        per_user: dict[str, int] = {}
        per_calendar: dict[str, int] = {}
        for call in batch:
            user = self.access.user_for(call.calendar_id)
            per_user[user] = per_user.get(user, 0) + 1
            if call.is_write:
                per_calendar[call.calendar_id] = per_calendar.get(call.calendar_id, 0) + 1
        charges += [(self._bucket("user", u, self.options.requests_per_user_per_second), n) for u, n in per_user.items()]
        charges += [(self._bucket("calendar", c, self.options.writes_per_calendar_per_second), n)
                    for c, n in per_calendar.items()]
        wait = max((bucket.charge(n) for bucket, n in charges if bucket is not None), default=0.0)
        if wait > 0:
            self.stats.throttled_seconds += wait
            self._sleep(wait)

    def backoff(self, attempt: int, failure: Failure) -> float:
        """Truncated exponential backoff with jitter, before sending attempt number ``attempt``."""
        o = self.options
        delay = min(o.backoff_base_seconds * 2 ** (attempt - 2) + self.rng.uniform(0, o.backoff_base_seconds),
                    o.backoff_max_seconds)
        if failure.retry_after:
            delay = max(delay, min(failure.retry_after, o.backoff_max_seconds))
        return delay

    # --- the loop ------------------------------------------------------------------------------

    def run(self, calls: Iterable[Call],
            handler: Callable[[Call, Any, Failure | None], Iterable[Call] | None]) -> None:
        queues: dict[str, deque[Call]] = {}
        ring: deque[str] = deque()
        waiting: list[tuple[float, int, Call]] = []  # (due, tie-break, call): retries in backoff
        counter = itertools.count()

        def enqueue(call: Call) -> None:
            if call.calendar_id not in queues or not queues[call.calendar_id]:
                queues.setdefault(call.calendar_id, deque())
                if call.calendar_id not in ring:
                    ring.append(call.calendar_id)
            queues[call.calendar_id].append(call)

        for call in calls:
            enqueue(call)
        while ring or waiting:
            now = self.clock()
            while waiting and waiting[0][0] <= now:
                enqueue(heapq.heappop(waiting)[2])
            if not ring:
                # Nothing else to send: wait for the retries, gathering those due within one base
                # delay so they share a batch instead of trickling out one request each.
                due = heapq.nsmallest(self.options.batch_size, waiting)[-1][0]
                due = min(due, waiting[0][0] + self.options.backoff_base_seconds)
                self._sleep(max(0.0, due - now))
                continue
            batch: list[Call] = []
            while ring and len(batch) < self.options.batch_size:
                calendar_id = ring.popleft()
                batch.append(queues[calendar_id].popleft())
                if queues[calendar_id]:
                    ring.append(calendar_id)
            for call, response, failure in self._send(batch):
                if failure is not None and failure.transient and call.attempt < self.options.max_attempts:
                    call.attempt += 1
                    self.stats.retries += 1
                    delay = self.backoff(call.attempt, failure)
                    self.stats.backoff_seconds += delay
                    heapq.heappush(waiting, (self.clock() + delay, next(counter), call))
                    continue
                for follow_up in handler(call, response, failure) or ():
                    enqueue(follow_up)
            if self.after_request is not None:
                self.after_request(self.stats)

    def _request(self, call: Call) -> Any:
        service = self.access.service_for(call.calendar_id)
        # events() builds every method from the discovery document each time: build it once per service.
        events = self._resources.get(id(service))
        if events is None:
            events = self._resources[id(service)] = service.events()
        return getattr(events, call.method)(calendarId=call.calendar_id, **call.params)

    def _send(self, batch: list[Call]) -> list[tuple[Call, Any, Failure | None]]:
        self._throttle(batch)
        self.access.prepare(call.calendar_id for call in batch)
        self.stats.http_requests += 1
        self.stats.calls += len(batch)
        if any(call.is_write for call in batch):
            self.stats.write_requests += 1
        if len(batch) == 1:
            call = batch[0]
            try:
                return [(call, self._request(call).execute(num_retries=0), None)]
            except HttpError as exc:
                return [(call, None, failure_from_http_error(exc))]
            except CONNECTION_ERRORS as exc:
                return [(call, None, failure_from_exception(exc))]

        self.stats.batches += 1
        outcomes: dict[str, tuple[Any, Failure | None]] = {}

        def collect(request_id: str, response: Any, exception: Exception | None) -> None:
            if exception is None:
                outcomes[request_id] = (response, None)
            elif isinstance(exception, HttpError):
                outcomes[request_id] = (None, failure_from_http_error(exception))
            else:
                outcomes[request_id] = (None, failure_from_exception(exception))

        request = self.access.service_for(batch[0].calendar_id).new_batch_http_request(callback=collect)
        for index, call in enumerate(batch):
            request.add(self._request(call), request_id=str(index))
        try:
            request.execute()
        except HttpError as exc:
            whole = failure_from_http_error(exc)
            return [(call, None, whole) for call in batch]
        except CONNECTION_ERRORS as exc:
            whole = failure_from_exception(exc)
            return [(call, None, whole) for call in batch]
        missing = Failure(None, "missingPart", "A resposta do lote não trouxe esta chamada.", transient=True)
        return [(call, *outcomes.get(str(index), (None, missing))) for index, call in enumerate(batch)]

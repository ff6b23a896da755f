"""One JSON line per event (structlog), for the web process and the workers alike."""
from __future__ import annotations

import logging

import structlog


def configure_logging(level: str) -> dict:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(sort_keys=True),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level.upper()},
        # At DEBUG these libraries log OAuth token responses and Basic auth headers verbatim: never below INFO.
        "loggers": {name: {"level": "INFO"} for name in SECRET_BEARING_LOGGERS},
    }


SECRET_BEARING_LOGGERS = ("requests_oauthlib", "oauthlib")


# --------------------------------------------------------------------------- request ids

import re  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept when it looks like one (a proxy's or a client's); anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

request_log = structlog.get_logger("agendador.http")
task_log = structlog.get_logger("agendador.tasks")


def request_id_from(value: str | None) -> str:
    return value if value and _REQUEST_ID.fullmatch(value) else uuid.uuid4().hex


class RequestLogMiddleware:
    """One JSON line per HTTP request (method, path, status, duration) under a request id.

    The id is the incoming X-Request-ID when it looks like one, else a new one; it is echoed in the
    response's X-Request-ID, bound to every log line written while the request runs, and passed to the
    Celery tasks the request enqueues (see `add_request_id_header`). The query string is never logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            user = getattr(request, "user", None)
            request_log.info(
                "http.request",
                method=request.method,
                path=request.path,
                status=status,
                duration_ms=round((time.monotonic() - started) * 1000, 1),
                user_id=user.pk if user is not None and user.is_authenticated else None,
            )
            structlog.contextvars.reset_contextvars(**tokens)


# --------------------------------------------------------------------------- Celery (webapp/celery.py connects these)

_running_tasks: dict[str, tuple[float, dict]] = {}


def add_request_id_header(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: the request id of the web request (or task) that enqueues travels in the message."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id and headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id


def _request_id_of(task) -> str | None:
    request = task.request
    return getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")


def bind_task_context(task_id: str | None = None, task=None, **kwargs) -> None:
    """task_prerun: the task's log lines carry its id, name and the request id it came with."""
    context = {"task_id": task_id, "task": task.name}
    request_id = _request_id_of(task)
    if request_id:
        context["request_id"] = request_id
    _running_tasks[task_id] = (time.monotonic(), structlog.contextvars.bind_contextvars(**context))


def log_task_finished(task_id: str | None = None, task=None, args=None, state=None, **kwargs) -> None:
    """task_postrun: one JSON line per task run (ids, state, duration); then the task's context goes."""
    started, tokens = _running_tasks.pop(task_id, (None, None))
    task_log.info(
        "task.finished",
        args=list(args or ()),
        state=state,
        hostname=getattr(task.request, "hostname", None),
        seconds=round(time.monotonic() - started, 3) if started is not None else None,
    )
    if tokens:
        structlog.contextvars.reset_contextvars(**tokens)

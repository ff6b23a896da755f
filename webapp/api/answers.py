"""The board's heavy reads, answered once per content: conditional GETs (strong ETags) and a shared cache.

A version's verdict, its allocations, the week's context and a diff are computed from rows that change rarely
(the clinic's configuration, a version's allocations and lifecycle) but are read on every screen. Instead of
invalidating on each write path — bulk writes, the admin, imports and migrations all bypass signals — every
read fingerprints the rows its answer is made of (one SQL statement hashing them where they live) and the
answer is kept in the cache under that fingerprint. The fingerprint is also the ETag: a browser revalidating
gets 304 without the answer being rebuilt, and a changed row changes the key, so nothing stale is ever served.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache as shared_cache
from django.core.exceptions import EmptyResultSet
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from simple_history.models import HistoricalChanges

ANSWER_SECONDS = 24 * 3600  # an answer nobody asked for in a day is rebuilt on demand


@cache
def code_digest() -> str:
    """The code the answers are computed by: a deploy never serves what an older release computed."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for folder in ("rules", "webapp/api", "webapp/schedules", "webapp/clinic", "solver"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def configuration_models() -> tuple[type[models.Model], ...]:
    """Every table of the clinic's configuration (sites, rooms, people, premissas, pins and their links).

    Derived from the `clinic` app, so a model added there is part of the fingerprint without being listed;
    the change-history tables are left out (they only grow, and say nothing the live rows don't).
    """
    return tuple(
        model
        for model in apps.get_app_config("clinic").get_models(include_auto_created=True)
        if not issubclass(model, HistoricalChanges)
    )


def configuration_rows() -> list[models.QuerySet]:
    return [model._default_manager.all() for model in configuration_models()]


def version_rows(version: models.Model) -> list[models.QuerySet]:
    """A version's own row (its lifecycle included), its allocations and the user names it shows."""
    row = type(version)._default_manager.filter(pk=version.pk)
    user_ids = {
        getattr(version, f.attname)
        for f in version._meta.concrete_fields
        if f.is_relation and f.related_model is get_user_model()
    }
    users = get_user_model()._default_manager.filter(pk__in=user_ids - {None}).values_list("pk", "username")
    return [row, version.allocations.all(), users]


def _columns(queryset: models.QuerySet) -> models.QuerySet:
    """The rows as tuples: the columns already picked (`values_list`), else every concrete column."""
    if queryset._fields:
        return queryset.order_by()
    return queryset.order_by().values_list(*(f.attname for f in queryset.model._meta.concrete_fields))


def rows_digest(querysets: Iterable[models.QuerySet]) -> str:
    """A digest of every column of every row of `querysets` (order-independent within each), in one round trip.

    On PostgreSQL the rows are hashed where they live (one statement, `md5` over each set's rows as text);
    elsewhere (the embedded SQLite) they are read and hashed here.
    """
    querysets = list(querysets)
    selects: list[str] = []
    params: list[Any] = []
    for index, queryset in enumerate(querysets):
        try:
            sql, qparams = _columns(queryset).query.sql_with_params()
        except EmptyResultSet:  # e.g. `pk__in=[]`: no rows, no SQL
            selects.append(f"SELECT {index} AS i, md5('') AS d")
            continue
        selects.append(f"SELECT {index} AS i, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS d FROM ({sql}) t")
        params.extend(qparams)
    digest = hashlib.sha256()
    if connection.vendor == "postgresql" and selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects) + " ORDER BY i", params)
            for _, part in cursor.fetchall():
                digest.update(part.encode())
        return digest.hexdigest()
    for queryset in querysets:
        rows = sorted(repr(row) for row in _columns(queryset))
        digest.update(hashlib.md5("\n".join(rows).encode()).hexdigest().encode())
    return digest.hexdigest()


def conditional(handler: Callable) -> Callable:
    """Marks a view method that answers through `answer` (the schema then documents its 304)."""
    handler.conditional = True
    return handler


def answer(
    request: Request,
    what: str,
    compute: Callable[[], Any],
    *,
    rows: Iterable[models.QuerySet] = (),
    parts: Iterable[Any] = (),
) -> Response:
    """`compute()`'s JSON answer, from the cache when the same content was answered before; 304 on a match.

    The answer's key is the clinic's configuration plus `rows` (the other rows it is computed from, e.g. a
    version's) plus `parts` (the query, the reader's own professional): name everything it depends on.
    """
    digest = rows_digest([*configuration_rows(), *rows])
    key_source = json.dumps([what, code_digest(), digest, *parts], cls=DjangoJSONEncoder)
    key = hashlib.sha256(key_source.encode()).hexdigest()
    etag = f'"{key[:40]}"'
    # Weak comparison, as If-None-Match asks (RFC 9110): GZipMiddleware hands compressed answers out as W/"…".
    sent = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
    if etag in sent or "*" in sent:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        data = shared_cache.get(f"answer:{key}")
        if data is None:
            # Stored as plain JSON values, so any worker (and any cache backend) can serve it.
            data = json.loads(json.dumps(compute(), cls=DjangoJSONEncoder))
            shared_cache.set(f"answer:{key}", data, ANSWER_SECONDS)
        response = Response(data)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"  # revalidate every time: the ETag makes that cheap
    patch_vary_headers(response, ["Cookie", "Authorization"])
    return response

"""The clinic's configuration as it was at a moment, from the change history (django-simple-history).

`configuration_as_of(when)` serializes nothing itself: inside a transaction that is always rolled back, it puts
the configuration tables back as they were at `when`, so the adapter's `build_instance` reads the past the way
it reads today (webapp.schedules.config_io)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import models, transaction

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

# Parents first (only for readability: foreign keys are checked at commit, which never comes).
CONFIG_MODELS: tuple[type[models.Model], ...] = (
    Site, OpeningHours, SiteClosure, TravelTime, Room, Professional, Availability, Rule, Pin,
)  # fmt: skip


class NoHistory(Exception):
    """Nothing of the configuration existed yet at that moment."""


class _Rollback(Exception):
    pass


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.many_to_many if isinstance(f, models.ManyToManyField)]


def records_as_of(model: type[models.Model], when: dt.datetime) -> list[models.Model]:
    """The latest historical record of each row at `when`, rows deleted by then left out."""
    latest: dict[Any, models.Model] = {}
    for record in model.history.filter(history_date__lte=when).order_by("history_date", "history_id"):
        latest[record.id] = record
    return [r for r in latest.values() if r.history_type != "-"]


@transaction.atomic
def _materialize(when: dt.datetime) -> int:
    """Replace the configuration tables' rows with their state at `when` (call inside a rolled-back atomic)."""
    restored = 0
    for model in CONFIG_MODELS:
        for field in _m2m_fields(model):
            field.remote_field.through.objects.all()._raw_delete(using="default")
        # _raw_delete: no Python-side PROTECT/CASCADE and no history rows; the database's deferred foreign
        # keys are never checked because the transaction is rolled back.
        models.QuerySet(model).all()._raw_delete(using="default")
    for model in CONFIG_MODELS:
        records = records_as_of(model, when)
        restored += len(records)
        models.QuerySet(model).bulk_create([r.instance for r in records])
        for field in _m2m_fields(model):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = []
            links = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field.name}")
            by_record: dict[int, list[Any]] = {}
            for link in links.objects.filter(history_id__in=[r.history_id for r in records]).order_by("m2m_history_id"):
                by_record.setdefault(link.history_id, []).append(getattr(link, f"{target}_id"))
            for record in records:
                for linked in by_record.get(record.history_id, []):
                    rows.append(through(**{f"{source}_id": record.id, f"{target}_id": linked}))
            through.objects.bulk_create(rows)
    return restored


@contextmanager
def configuration_as_of(when: dt.datetime) -> Iterator[None]:
    """Inside this block the configuration tables hold their state at `when`; the transaction is always
    rolled back at the end, so nothing changes. Raises NoHistory when nothing existed yet."""
    try:
        with transaction.atomic():
            if _materialize(when) == 0:
                raise NoHistory(when)
            yield
            raise _Rollback
    except _Rollback:
        pass

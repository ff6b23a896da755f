"""Celery tasks: take ids, load, call one action, store the result (the action records failures)."""
from __future__ import annotations

import datetime as dt

from celery import shared_task

from webapp.schedules import actions


@shared_task(acks_late=True)
def run_solve(run_id: int) -> str | None:
    run = actions.do_run_solve(run_id)
    return run.status if run else None


@shared_task(acks_late=True)
def generate_week(week_start: str | None = None) -> int:
    run = actions.do_generate_week(dt.date.fromisoformat(week_start) if week_start else None)
    return run.pk


@shared_task
def confirm_day(day: str | None = None) -> int:
    return actions.do_confirm_day(dt.date.fromisoformat(day) if day else None).pk


@shared_task
def reap_stale_runs() -> int:
    return actions.do_fail_stale_runs()

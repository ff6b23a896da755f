"""Celery tasks of the Google Calendar part: take ids, load, call one action."""
from __future__ import annotations

from celery import shared_task

from webapp.gcal import actions


@shared_task(acks_late=True)
def publish_version(run_id: int) -> str | None:
    # Safe to deliver twice: a publish recomputes its plan from Google's state.
    run = actions.do_run_publish(run_id)
    return run.status if run else None

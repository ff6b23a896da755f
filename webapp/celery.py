import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings")

app = Celery("agendador")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connect_log_signals() -> None:
    """Request ids travel from the web request into the task's log lines (webapp.logs)."""
    from webapp import logs

    signals.before_task_publish.connect(logs.add_request_id_header, weak=False)
    signals.task_prerun.connect(logs.bind_task_context, weak=False)
    signals.task_postrun.connect(logs.log_task_finished, weak=False)


_connect_log_signals()


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    """GET /health/ tells whether some worker is alive by this heartbeat (webapp.health)."""
    from webapp.health import start_heartbeat

    start_heartbeat(getattr(sender, "hostname", None))

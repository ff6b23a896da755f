import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings")

app = Celery("agendador")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    """GET /health/ tells whether some worker is alive by this heartbeat (webapp.health)."""
    from webapp.health import start_heartbeat

    start_heartbeat(getattr(sender, "hostname", None))

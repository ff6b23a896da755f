from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClinicConfig(AppConfig):
    name = "webapp.clinic"
    label = "clinic"
    verbose_name = "Clínica"

    def ready(self) -> None:
        from webapp.clinic.roles import ensure_groups

        # Without a sender: it runs after every app, so the last run sees every permission.
        post_migrate.connect(ensure_groups, dispatch_uid="agendador-ensure-groups")

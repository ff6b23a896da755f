from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GcalConfig(AppConfig):
    name = "webapp.gcal"
    label = "gcal"
    verbose_name = "Google Agenda"

    def ready(self) -> None:
        from webapp.gcal.startup import check_settings, grant_permissions

        # A wrong GOOGLE_* value stops start-up here, not at the first publish.
        check_settings()
        post_migrate.connect(grant_permissions, dispatch_uid="agendador-gcal-permissions")

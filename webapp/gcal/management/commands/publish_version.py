from django.core.management.base import BaseCommand, CommandError

from webapp.gcal import actions
from webapp.gcal.models import PublishRun
from webapp.schedules.actions import HardInconsistencies
from webapp.schedules.models import ScheduleVersion


class Command(BaseCommand):
    help = "Publica uma versão aprovada (ou a publicada, de novo) no Google Agenda dos profissionais, aqui, sem fila."

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int, help="id da versão (veja /api/versions/)")
        parser.add_argument(
            "--confirm-deletes", action="store_true", help="confirma exclusões acima do limite (GOOGLE_PUBLISH_MAX_DELETES)"
        )
        parser.add_argument(
            "--accept-inconsistencies", action="store_true",
            help="publica mesmo com premissas obrigatórias quebradas (fica registrado na versão)",
        )  # fmt: skip

    def handle(self, *args, version_id, confirm_deletes, accept_inconsistencies=False, **options):
        version = ScheduleVersion.objects.filter(pk=version_id).first()
        if version is None:
            raise CommandError(f"a versão {version_id} não existe")
        try:
            run = actions.do_publish_version(
                version, None, confirm_deletes=confirm_deletes, accept_inconsistencies=accept_inconsistencies
            )
        except HardInconsistencies as exc:
            for found in exc.inconsistencies:
                self.stderr.write(f"  {found['message']}")
            raise CommandError(f"{exc} Use --accept-inconsistencies para publicar mesmo assim.") from None
        except (actions.NotPublishable, actions.PublishInProgress, actions.GoogleNotConfigured) as exc:
            raise CommandError(str(exc)) from None
        if run.status == PublishRun.NEEDS_CONFIRMATION:
            raise CommandError(f"publicação {run.pk}: {run.message} Use --confirm-deletes para confirmar.")
        if run.status != PublishRun.DONE:
            for error in run.errors:
                self.stderr.write(f"  {error['message']}")
            raise CommandError(f"publicação {run.pk}: {run.message}")
        self.stdout.write(
            f"Publicação {run.pk}: versão {version.number} da semana de {version.week_start:%d/%m/%Y} publicada. "
            f"{run.message} ({run.http_requests} requisições HTTP, {run.duration_seconds:.1f} s)"
        )

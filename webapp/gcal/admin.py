from django.contrib import admin

from webapp.gcal.models import CalendarSyncState, GoogleAuthorization, PublishRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the system: read here, never edited by hand."""

    def get_readonly_fields(self, request, obj=None):
        return list(self.fields or [f.name for f in self.model._meta.fields])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublishRun)
class PublishRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "version", "status", "inserts", "patches", "deletes", "retries", "requested_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["version", "requested_by"]
    fields = [
        "version", "status", "requested_by", "confirm_deletes", "inserts", "patches", "deletes", "pending_deletes",
        "retries", "http_requests", "message", "errors", "duration_seconds", "created_at", "started_at", "finished_at",
    ]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False  # the history of what was written to Google


@admin.register(GoogleAuthorization)
class GoogleAuthorizationAdmin(ReadOnlyAdmin):
    # The encrypted token is never shown; deleting the record revokes the Agendador's access here.
    list_display = ["__str__", "authorized_by", "authorized_at"]
    fields = ["authorized_by", "authorized_at"]


@admin.register(CalendarSyncState)
class CalendarSyncStateAdmin(ReadOnlyAdmin):
    # Deleting a state makes the next read-back read that calendar in full.
    list_display = ["calendar_id", "time_min", "time_max", "updated_at"]
    search_fields = ["calendar_id"]
    fields = ["calendar_id", "time_min", "time_max", "updated_at"]

from django.contrib import admin, messages

from webapp.schedules import actions
from webapp.schedules.models import (
    Allocation,
    DailyConfirmation,
    PromptHistory,
    PromptTemplate,
    ScheduleVersion,
    SolveRun,
)


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    fields = ["date", "start", "end", "professional", "room", "pinned", "provenance"]
    autocomplete_fields = ["professional", "room"]

    def _editable(self, obj) -> bool:
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(admin.ModelAdmin):
    list_display = ["week_start", "number", "status", "source", "created_by", "created_at"]
    list_filter = ["status", "source", "week_start"]
    readonly_fields = ["status", "approved_by", "approved_at", "published_at", "superseded_at", "created_by", "created_at"]
    inlines = [AllocationInline]
    actions = ["approve"]

    def has_change_permission(self, request, obj=None):
        # Approved and published versions are view-only (the model refuses changes anyway).
        return (obj is None or not obj.is_frozen) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Aprovar as versões selecionadas")
    def approve(self, request, queryset):
        for version in queryset:
            try:
                actions.do_approve_version(version, request.user)
            except actions.InvalidTransition as exc:
                self.message_user(request, f"{version}: {exc}", messages.ERROR)


@admin.register(SolveRun)
class SolveRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "week_start", "status", "solver_status", "objective", "created_at", "version"]
    list_filter = ["kind", "status", "solver_status"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PromptHistory)
class PromptHistoryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "prompt", "week_start", "executor", "status", "decision", "created_by", "decided_by"]
    list_filter = ["status", "decision", "executor", "week_start"]
    search_fields = ["prompt", "error", "created_by__username"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(PromptTemplate)
class PromptTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "text", "active"]
    list_filter = ["active"]
    search_fields = ["name", "text", "description"]


@admin.register(DailyConfirmation)
class DailyConfirmationAdmin(admin.ModelAdmin):
    list_display = ["date", "version", "allocation_count", "checked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

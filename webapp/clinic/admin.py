from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rules.kinds import FIELDS as RULE_FIELDS

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

admin.site.site_header = "Agendador — administração"
admin.site.site_title = "Agendador"
admin.site.index_title = "Cadastros da clínica e versões da agenda"


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SiteClosureInline(admin.TabularInline):
    model = SiteClosure
    extra = 0


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["name", "code", "observe_holidays"]
    search_fields = ["name", "code"]
    inlines = [OpeningHoursInline, SiteClosureInline]


@admin.register(SiteClosure)
class SiteClosureAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["date", "site", "kind", "reason"]
    list_filter = ["site", "kind"]
    date_hierarchy = "date"


@admin.register(TravelTime)
class TravelTimeAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["from_site", "to_site", "minutes"]


@admin.register(Room)
class RoomAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["name", "code", "site", "kinds", "capacity", "active"]
    list_filter = ["site", "active"]
    search_fields = ["name", "code", "kinds"]


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Professional)
class ProfessionalAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["name", "code", "room_kind", "min_weekly_hours", "max_weekly_hours", "active"]
    list_filter = ["room_kind", "active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["preferred_sites", "preferred_rooms"]
    autocomplete_fields = ["user"]
    inlines = [AvailabilityInline]


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind"):
            # The model cannot see the many-to-many before it is saved; check the whole rule here.
            probe = Rule(**{f: cleaned.get(f) for f in ("kind", *Rule.PARAMETERS)})
            for name in ("weekday", "start", "end"):
                setattr(probe, name, getattr(probe, name) or "")
            probe.check_fields(list(cleaned.get("professionals") or []))
        return cleaned


WHO = ("site", "room", "professional", "professionals")
WHEN = ("date", "weekday", "start", "end", "except_dates")


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    form = RuleForm
    list_display = ["label", "code", "kind", "active", "date", "weekday"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "code"]
    filter_horizontal = ["professionals"]
    fieldsets = [
        (None, {"fields": ["code", "kind", "label", "active"]}),
        ("A quem se aplica", {"fields": list(WHO)}),
        ("Quando", {"fields": list(WHEN)}),
        # Whatever else the catalogue's kinds may take (rules.kinds.FIELDS).
        ("Valores", {"fields": [f for f in RULE_FIELDS if f not in WHO + WHEN]}),
    ]


@admin.register(Pin)
class PinAdmin(SimpleHistoryAdmin):  # "Histórico": who changed what, and when
    list_display = ["date", "start", "end", "professional", "room", "source"]
    list_filter = ["source", "room__site"]
    date_hierarchy = "date"
    autocomplete_fields = ["professional", "room"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

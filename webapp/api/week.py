"""A week's board context in one request: sites (hours, closed days and why), rooms, people, premissas."""
from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rules.catalogue import RULE_KINDS
from rules.kinds import DATE
from rules.kinds import FIELDS as RULE_FIELDS
from webapp.api import answers
from webapp.api.schema import BAD_REQUEST
from webapp.clinic.holidays import closed_dates
from webapp.clinic.models import Site
from webapp.schedules import adapter


class ClosedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class WeekSiteSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    opening_hours = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    closed = ClosedDaySerializer(many=True)


class WeekRoomSerializer(serializers.Serializer):
    id = serializers.CharField()
    site = serializers.CharField()
    name = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())
    capacity = serializers.IntegerField()


class WeekProfessionalSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    room_kind = serializers.CharField(allow_null=True)
    min_weekly_hours = serializers.FloatField()
    target_weekly_hours = serializers.FloatField(allow_null=True, required=False)
    max_weekly_hours = serializers.FloatField(allow_null=True, required=False)
    max_daily_hours = serializers.FloatField(allow_null=True, required=False)
    min_block_minutes = serializers.IntegerField(allow_null=True, required=False)
    preferred_sites = serializers.ListField(child=serializers.CharField())
    preferred_rooms = serializers.ListField(child=serializers.CharField())


def _rule_field(schema: dict) -> serializers.Field:
    """A read-only serializer field for one of the premissas' fields (rules.kinds.FIELDS), from its JSON Schema."""
    if schema.get("type") == "array":
        return serializers.ListField(child=_rule_field(schema["items"]), required=False)
    if schema is DATE:
        return serializers.DateField(required=False)
    if schema.get("type") == "integer":
        return serializers.IntegerField(required=False)
    if schema.get("type") == "number":
        return serializers.FloatField(required=False)
    return serializers.CharField(required=False)


# A premissa as the instance writes it; its fields come from the catalogue's one vocabulary.
WeekRuleSerializer = type(
    "WeekRuleSerializer",
    (serializers.Serializer,),
    {
        "id": serializers.CharField(),
        "kind": serializers.CharField(),
        "kind_label": serializers.CharField(help_text="O tipo de premissa como o coordenador o chama."),
        "label": serializers.CharField(),
        **{name: _rule_field(schema) for name, schema in RULE_FIELDS.items()},
    },
)


class WeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    grain_minutes = serializers.IntegerField()
    sites = WeekSiteSerializer(many=True)
    rooms = WeekRoomSerializer(many=True)
    professionals = WeekProfessionalSerializer(many=True)
    rules = WeekRuleSerializer(many=True)


class WeekView(APIView):
    """Everything the board draws around the allocations of a week (its instance, without pins or previous)."""

    @extend_schema(responses={200: WeekSerializer, 400: BAD_REQUEST})
    @answers.conditional
    def get(self, request, week_start: str):
        try:
            monday = dt.date.fromisoformat(week_start)
        except ValueError:
            return Response({"week_start": ["Data inválida: use AAAA-MM-DD."]}, status=400)
        if monday.weekday() != 0:
            return Response({"week_start": ["A semana precisa começar numa segunda-feira."]}, status=400)

        def compute():
            doc = adapter.build_instance(monday, previous=[])
            sunday = monday + dt.timedelta(days=6)
            reasons = {s.code: closed_dates(s, monday, sunday) for s in Site.objects.all()}
            sites = [
                {
                    "id": s["id"],
                    "name": s["name"],
                    "opening_hours": s["opening_hours"],
                    "closed": [{"date": d, "reason": r} for d, r in sorted(reasons.get(s["id"], {}).items())],
                }
                for s in doc["sites"]
            ]
            professionals = [
                {"target_weekly_hours": None, "max_weekly_hours": None, "max_daily_hours": None, "min_block_minutes": None, **p}
                for p in doc["professionals"]
            ]
            data = {
                "week_start": monday,
                "grain_minutes": doc["grain_minutes"],
                "sites": sites,
                "rooms": doc["rooms"],
                "professionals": professionals,
                "rules": [{**r, "kind_label": RULE_KINDS[r["kind"]].label} for r in doc["rules"]],
            }
            return WeekSerializer(data).data

        return answers.answer(request, "week", compute, parts=[monday])

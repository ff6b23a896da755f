"""One "created" history record for every configuration row that existed before the change history, so an
export at any later moment finds it (and its many-to-many links)."""
from django.db import migrations
from django.utils import timezone

MODELS = ["Site", "OpeningHours", "SiteClosure", "TravelTime", "Room", "Professional", "Availability", "Rule", "Pin"]
M2M = {"Professional": [("preferred_sites", "professional", "site"), ("preferred_rooms", "professional", "room")],
       "Rule": [("professionals", "rule", "professional")]}  # fmt: skip


def forwards(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("clinic", name)
        historical = apps.get_model("clinic", f"Historical{name}")
        tracked = [f.attname for f in model._meta.concrete_fields]
        for obj in model.objects.all().iterator():
            if historical.objects.filter(id=obj.pk).exists():
                continue
            record = historical.objects.create(
                history_date=now, history_type="+", history_change_reason="estado anterior ao histórico",
                **{attname: getattr(obj, attname) for attname in tracked},
            )  # fmt: skip
            for field, source, target in M2M.get(name, []):
                links = apps.get_model("clinic", f"Historical{name}_{field}")
                through = model._meta.get_field(field).remote_field.through
                links.objects.bulk_create(
                    links(history=record, id=row.pk, **{f"{source}_id": obj.pk, f"{target}_id": getattr(row, f"{target}_id")})
                    for row in through.objects.filter(**{f"{source}_id": obj.pk})
                )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0005_change_history")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

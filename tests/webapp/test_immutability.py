"""Approved and published versions never change, whatever path the write takes."""
import pytest

from tests.webapp.conftest import make_version
from webapp.clinic.models import Room
from webapp.schedules.models import Allocation, ImmutableVersionError, ScheduleVersion

ANA = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")


@pytest.fixture(params=["approved", "published", "superseded"])
def frozen(clinic, request):
    return make_version([ANA], status=request.param)


def test_a_draft_can_change(clinic):
    version = make_version([ANA])
    allocation = version.allocations.get()
    allocation.end = "13:00"
    allocation.save()
    version.note = "revisada"
    version.save()
    Allocation.objects.filter(version=version).delete()
    version.delete()


def test_it_refuses_to_edit_a_frozen_version(frozen):
    frozen.note = "mexida"
    with pytest.raises(ImmutableVersionError):
        frozen.save()


def test_it_refuses_to_delete_a_frozen_version(frozen):
    with pytest.raises(ImmutableVersionError):
        frozen.delete()
    with pytest.raises(ImmutableVersionError):
        ScheduleVersion.objects.filter(pk=frozen.pk).delete()


def test_it_refuses_to_change_allocations_of_a_frozen_version(frozen):
    allocation = frozen.allocations.get()
    allocation.start = "09:00"
    with pytest.raises(ImmutableVersionError):
        allocation.save()
    with pytest.raises(ImmutableVersionError):
        allocation.delete()
    with pytest.raises(ImmutableVersionError):
        Allocation.objects.filter(version=frozen).update(start="09:00")
    with pytest.raises(ImmutableVersionError):
        Allocation.objects.filter(version=frozen).delete()
    with pytest.raises(ImmutableVersionError):
        Allocation.objects.bulk_create([Allocation(version=frozen, professional=allocation.professional, room=allocation.room, date=allocation.date, start="13:00", end="14:00")])
    with pytest.raises(ImmutableVersionError):
        ScheduleVersion.objects.filter(pk=frozen.pk).update(week_start="2026-12-14")


def test_it_refuses_to_move_an_allocation_out_of_a_frozen_version(frozen):
    draft = make_version([])
    allocation = frozen.allocations.get()
    allocation.version = draft
    with pytest.raises(ImmutableVersionError):
        allocation.save()


def test_status_only_moves_forward(clinic):
    version = make_version([ANA], status="published")
    version.status = "draft"
    with pytest.raises(ImmutableVersionError):
        version.save()
    version.status = "superseded"
    version.save()  # published → superseded is the one move allowed
    version.refresh_from_db()
    assert version.status == "superseded"


def test_deleting_a_room_used_by_a_version_is_refused(frozen):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Room.objects.get(code="sav-1").delete()


# --------------------------------------------------------------------------- every endpoint and admin action
# Each write operation of docs/openapi.yaml (table-driven: a new one joins by itself) is tried by a coordinator
# against a frozen version — its path parameter names the frozen version, its prompt, its run, its pin, or the
# room, professional, site and premissa its allocations use — with an empty body and with a body that aims at
# the version; the version's row and allocations must come out unchanged (approved → published by the publish
# endpoint is the one move allowed, and without Google it answers 503 anyway).
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402
from django.forms.models import model_to_dict  # noqa: E402
from django.test import Client  # noqa: E402

from tests.webapp.conftest import client_for  # noqa: E402

SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text())
WRITES = sorted(
    (method.upper(), path)
    for path, ops in SCHEMA["paths"].items()
    for method in ops
    if method in ("post", "put", "patch", "delete")
)
ANA_ALLOC = dict(zip(("professional", "room", "date", "start", "end"), ANA))
MOVE = {"format": "agendador.changes/1", "changes": [{"kind": "move", "from": ANA_ALLOC, "to": {"start": "13:00", "end": "17:00"}}]}


def _version_fingerprint(version) -> tuple:
    version = ScheduleVersion.objects.get(pk=version.pk)
    row = {k: v for k, v in model_to_dict(version).items() if k not in ("status", "published_at", "superseded_at")}
    allocations = sorted(
        Allocation.objects.filter(version=version).values_list("pk", "professional_id", "room_id", "date", "start", "end", "pinned", "provenance")
    )
    return row, allocations, version.status


@pytest.fixture(params=["approved", "published"])
def frozen_world(clinic, coordinator, request):
    from webapp.clinic.models import Pin, Professional
    from webapp.schedules.models import PromptHistory, SolveRun

    version = make_version([ANA, ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")], status=request.param)
    run = SolveRun.objects.create(kind="what_if", week_start=version.week_start, base_version=version, version=version,
                                  status=SolveRun.DONE, instance={}, created_by=coordinator)  # fmt: skip
    prompt = PromptHistory.objects.create(prompt="bloquear a sala 1", week_start=version.week_start, base_version=version,
                                          version=version, solve_run=run, changes=MOVE, created_by=coordinator)  # fmt: skip
    pin = Pin.objects.create(professional=Professional.objects.get(code="p-ana"), room=Room.objects.get(code="sav-1"),
                             date="2026-12-07", start="08:00", end="12:00", source="board")  # fmt: skip
    ids = {
        "/api/versions/": version.pk, "/api/prompts/": prompt.pk, "/api/runs/": run.pk, "/api/pins/": pin.pk,
        "/api/rooms/": "sav-1", "/api/professionals/": "p-ana", "/api/sites/": "savassi", "/api/rules/": "r-1",
        "/api/site-closures/": _first_pk("SiteClosure"), "/api/travel-times/": _first_pk("TravelTime"),
    }  # fmt: skip
    return version, ids


def _first_pk(model_name):
    from webapp.clinic import models

    model = getattr(models, model_name)
    if not model.objects.exists() and model_name == "SiteClosure":
        from webapp.clinic.models import Site

        models.SiteClosure.objects.create(site=Site.objects.get(code="savassi"), date="2026-12-09", reason="reforma")
    return model.objects.first().pk


def _url(path: str, ids: dict) -> str:
    for prefix, value in ids.items():
        if path.startswith(prefix):
            return path.replace("{id}", str(value)).replace("{code}", str(value))
    assert "{" not in path, f"no frozen-version id for {path}"
    return path


def _bodies(version) -> list[dict]:
    aimed = {
        "base_version": version.pk, "version": version.pk, "status": "draft", "note": "mexida",
        "week_start": "2026-12-14", "accept_inconsistencies": True, "changes": MOVE, "kind": "what_if",
        "time_limit": 1, "confirm_deletes": True, "allocations": [], "code": "nova", "name": "Nova",
    }  # fmt: skip
    return [{}, aimed, {**MOVE, "accept_inconsistencies": True}]


def test_the_table_is_the_schemas_write_operations():
    assert len(WRITES) >= 20 and ("POST", "/api/versions/{id}/edit/") in WRITES


@pytest.mark.parametrize("method,path", WRITES)
def test_no_endpoint_changes_a_frozen_version(frozen_world, coordinator, method, path):
    version, ids = frozen_world
    client = client_for(coordinator)
    before = _version_fingerprint(version)
    for body in _bodies(version):
        response = client.generic(method, _url(path, ids), data=__import__("json").dumps(body), content_type="application/json")
        # 503: publishing without Google configured, documented; anything else 5xx is a crash.
        assert response.status_code < 500 or response.status_code == 503, (method, path, body, response.content[:300])
        row, allocations, status = _version_fingerprint(version)
        assert (row, allocations) == before[:2], (method, path, body)
        allowed = {before[2]} | ({"published"} if before[2] == "approved" and path.endswith("/publish/") else set())
        assert status in allowed, (method, path, body, status)


@pytest.fixture
def admin_browser(coordinator):
    browser = Client()
    browser.force_login(coordinator)
    return browser


def test_no_admin_action_changes_a_frozen_version(frozen_world, admin_browser):
    from django.contrib import admin as django_admin

    version, _ = frozen_world
    before = _version_fingerprint(version)
    model_admin = django_admin.site._registry[ScheduleVersion]
    request = __import__("django.test", fromlist=["RequestFactory"]).RequestFactory().get("/admin/")
    request.user = version.created_by or __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model().objects.get(username="coord")
    names = list(model_admin.get_actions(request))
    assert "approve" in names and "delete_selected" in names
    changelist = "/admin/schedules/scheduleversion/"
    for name in names:
        admin_browser.post(changelist, {"action": name, "_selected_action": [version.pk], "post": "yes"})
        assert _version_fingerprint(version) == before, name
    # The change form and the delete view, too.
    change = f"{changelist}{version.pk}/change/"
    form = {"week_start": "2026-12-14", "note": "mexida", "source": "manual", "allocations-TOTAL_FORMS": "0",
            "allocations-INITIAL_FORMS": "0"}  # fmt: skip
    admin_browser.post(change, form)
    admin_browser.post(f"{changelist}{version.pk}/delete/", {"post": "yes"})
    for allocation in version.allocations.all():
        admin_browser.post(f"/admin/schedules/allocation/{allocation.pk}/delete/", {"post": "yes"})
    assert _version_fingerprint(version) == before

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

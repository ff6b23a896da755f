from tests.webapp.conftest import make_version

ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")


def url(version):
    return f"/api/versions/{version.pk}/approve/"


def test_it_works(as_coordinator, coordinator):
    older = make_version([ANA_MON])
    as_coordinator.post(url(older))
    draft = make_version([ANA_MON])
    response = as_coordinator.post(url(draft))
    assert response.status_code == 200
    assert response.json()["status"] == "approved" and response.json()["approved_by"] == "coord"
    older.refresh_from_db()
    assert older.status == "superseded"  # one approved version per week awaits publication


def test_publishing_supersedes_the_previous_published_version(clinic, coordinator):
    from webapp.schedules.actions import do_approve_version, do_mark_version_published

    first = make_version([ANA_MON], status="published")
    second = do_approve_version(make_version([ANA_MON]), coordinator)
    do_mark_version_published(second)
    do_mark_version_published(second)  # a retried publish changes nothing
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "published")
    assert second.published_at is not None


def test_it_denies_anonymous(anonymous):
    assert anonymous.post(url(make_version([ANA_MON]))).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer):
    draft = make_version([ANA_MON])
    assert as_viewer.post(url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_rejects_bad_input(as_coordinator):
    published = make_version([ANA_MON], status="published")
    response = as_coordinator.post(url(published))
    assert response.status_code == 409
    assert "rascunho" in response.json()["detail"]
    assert as_coordinator.post("/api/versions/999999/approve/").status_code == 404

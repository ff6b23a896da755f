import pytest

from tests.webapp.conftest import make_version

ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
ANA_SAT = ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")  # the tiny clinic's Saturday pin
VALID = [ANA_MON, ANA_SAT]


def url(version):
    return f"/api/versions/{version.pk}/approve/"


@pytest.fixture
def older(as_coordinator):
    older = make_version(VALID)
    as_coordinator.post(url(older))
    return older


@pytest.fixture
def approved(older, as_coordinator):
    return as_coordinator.post(url(make_version(VALID)))


def test_approving_a_valid_draft_signs_it_with_the_coordinator(approved):
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["approved_by"] == "coord"


def test_approving_a_second_version_of_the_week_supersedes_the_first(approved, older):
    older.refresh_from_db()
    assert older.status == "superseded"  # one approved version per week awaits publication


def test_publishing_supersedes_the_previous_published_version(clinic, coordinator):
    from webapp.schedules.actions import do_approve_version, do_mark_version_published

    first = make_version([ANA_MON], status="published")
    second = do_approve_version(make_version(VALID), coordinator)
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


def test_a_version_breaking_hard_premissas_is_refused_with_the_list(as_coordinator):
    draft = make_version([ANA_MON])  # Ana's Saturday pin is missing
    response = as_coordinator.post(url(draft))
    assert response.status_code == 422
    body = response.json()
    assert [(i["rule"], i["premissa"]) for i in body["inconsistencies"]] == [("pins", "pin:0")]
    assert "premissa obrigatória" in body["detail"]
    draft.refresh_from_db()
    assert (draft.status, draft.accepted_inconsistencies) == ("draft", [])


def test_accepting_the_inconsistencies_approves_and_records_who_and_when(as_coordinator):
    draft = make_version([ANA_MON])
    response = as_coordinator.post(url(draft), {"accept_inconsistencies": True}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["accepted_by"]) == ("approved", "coord") and body["accepted_at"]
    [accepted] = body["accepted_inconsistencies"]
    assert (accepted["premissa"], accepted["step"], accepted["accepted_by"]) == ("pin:0", "approve", "coord")


def test_a_what_if_is_not_adopted_when_its_approval_is_refused(coordinator):
    import pytest

    from webapp.clinic.models import Professional, Rule
    from webapp.schedules import actions

    base = make_version(VALID, status="published")
    changes = {"format": "agendador.changes/1", "changes": [{"kind": "block_room", "room": "lou-1", "date": "2026-12-10"}]}
    run = actions.do_start_solve("what_if", base.week_start, base_version=base, changes=changes, user=coordinator, enqueue=False)
    version = actions.do_run_solve(run.pk).version
    # While it waited for approval, Ana became unavailable on the Saturday it keeps her in.
    Rule.objects.create(code="r-sab", kind="unavailable", label="Ana: viagem", professional=Professional.objects.get(code="p-ana"),
                        date="2026-12-12")  # fmt: skip
    with pytest.raises(actions.HardInconsistencies) as refused:
        actions.do_approve_version(version, coordinator)
    assert {(i["rule"], i["premissa"]) for i in refused.value.inconsistencies} == {("availability", "r-sab")}
    assert not Rule.objects.filter(kind="room_block", room__code="lou-1").exists()  # nothing adopted
    version.refresh_from_db()
    assert version.status == "draft"

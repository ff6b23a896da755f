"""The fake Google Calendar speaks the protocol the real client sends: REST, batch, paging, sync, faults."""
from __future__ import annotations

import http.client
import json
import threading
import urllib.parse

import httplib2
import pytest
from googleapiclient.errors import HttpError

from webapp.gcal.config import GoogleConfig
from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.service import build_access

CAL = "ana@clinica.test"


def event(event_id: str | None = "abc12345", start: str = "08:00", end: str = "12:00", day: str = "2026-12-07",
          **extra):
    body = {"summary": "Atendimento — Sala 1 (Savassi)",
            "start": {"dateTime": f"{day}T{start}:00-03:00", "timeZone": "America/Sao_Paulo"},
            "end": {"dateTime": f"{day}T{end}:00-03:00", "timeZone": "America/Sao_Paulo"}, **extra}
    if event_id is not None:
        body["id"] = event_id
    return body


def tagged(event_id: str, **private):
    return event(event_id, extendedProperties={"private": {"source": "agendador", **private}})


@pytest.fixture
def events(access):
    return access.service_for(CAL).events()


def status_of(call) -> int:
    with pytest.raises(HttpError) as info:
        call.execute()
    return info.value.resp.status


def reason_of(call) -> tuple[int, str]:
    with pytest.raises(HttpError) as info:
        call.execute()
    return info.value.resp.status, json.loads(info.value.content)["error"]["errors"][0]["reason"]


def batch(access, calls):
    results = {}
    request = access.service_for(CAL).new_batch_http_request()
    for index, call in enumerate(calls):
        request.add(call, callback=lambda rid, resp, exc: results.__setitem__(rid, (resp, exc)), request_id=str(index))
    request.execute()
    return [results[str(i)] for i in range(len(calls))]


# --- events --------------------------------------------------------------------------------------

def test_insert_then_get_returns_the_event_with_server_fields(events):
    created = events.insert(calendarId=CAL, body=event()).execute()
    got = events.get(calendarId=CAL, eventId="abc12345").execute()
    assert got == created
    assert got["status"] == "confirmed" and got["summary"] == "Atendimento — Sala 1 (Savassi)"
    assert {"etag", "updated", "created", "iCalUID", "htmlLink"} <= set(got)


def test_insert_without_id_gets_a_base32hex_id(events):
    created = events.insert(calendarId=CAL, body=event(None)).execute()
    assert set(created["id"]) <= set("abcdefghijklmnopqrstuv0123456789")


def test_it_rejects_ids_outside_base32hex(events):
    assert reason_of(events.insert(calendarId=CAL, body=event("xyz12345"))) == (400, "invalid")
    assert reason_of(events.insert(calendarId=CAL, body=event("ab1"))) == (400, "invalid")


def test_it_rejects_an_end_before_the_start(events):
    assert reason_of(events.insert(calendarId=CAL, body=event(start="12:00", end="08:00"))) == (400, "timeRangeEmpty")


def test_inserting_an_existing_id_answers_409_duplicate(events):
    events.insert(calendarId=CAL, body=event()).execute()
    assert reason_of(events.insert(calendarId=CAL, body=event())) == (409, "duplicate")


def test_a_deleted_event_stays_cancelled_keeps_its_id_and_answers_409(fake, events):
    events.insert(calendarId=CAL, body=event()).execute()
    events.delete(calendarId=CAL, eventId="abc12345").execute()
    assert fake.events(CAL) == {}
    assert fake.events(CAL, include_cancelled=True)["abc12345"]["status"] == "cancelled"
    assert events.get(calendarId=CAL, eventId="abc12345").execute()["status"] == "cancelled"
    assert reason_of(events.insert(calendarId=CAL, body=event())) == (409, "duplicate")
    assert reason_of(events.delete(calendarId=CAL, eventId="abc12345")) == (410, "deleted")


def test_a_cancelled_event_is_patched_back_to_confirmed(fake, events):
    events.insert(calendarId=CAL, body=event()).execute()
    events.delete(calendarId=CAL, eventId="abc12345").execute()
    events.patch(calendarId=CAL, eventId="abc12345", body={"status": "confirmed"}).execute()
    assert fake.events(CAL)["abc12345"]["status"] == "confirmed"


def test_patch_merges_objects_and_update_replaces_the_event(events):
    events.insert(calendarId=CAL, body=tagged("abc12345", version="1")).execute()
    patched = events.patch(calendarId=CAL, eventId="abc12345",
                           body={"location": "Sala 1", "extendedProperties": {"private": {"version": "2"}}}).execute()
    assert patched["extendedProperties"]["private"] == {"source": "agendador", "version": "2"}
    assert patched["summary"] == "Atendimento — Sala 1 (Savassi)" and patched["location"] == "Sala 1"
    updated = events.update(calendarId=CAL, eventId="abc12345", body=event(summary="Outro")).execute()
    assert updated["summary"] == "Outro" and "location" not in updated and "extendedProperties" not in updated
    assert updated["id"] == "abc12345"


def test_missing_events_answer_404(events):
    assert status_of(events.get(calendarId=CAL, eventId="abc99999")) == 404
    assert status_of(events.patch(calendarId=CAL, eventId="abc99999", body={})) == 404
    assert status_of(events.delete(calendarId=CAL, eventId="abc99999")) == 404


def test_unknown_calendars_answer_404_unless_auto_created():
    with FakeCalendarServer(auto_create_calendars=False) as fake:
        access = build_access(GoogleConfig(root_url=fake.root_url, auth_mode="static_token", static_token="t"))
        events = access.service_for(CAL).events()
        assert status_of(events.list(calendarId=CAL)) == 404
        fake.add_calendar(CAL)
        assert events.list(calendarId=CAL).execute()["items"] == []


def test_calls_without_a_bearer_token_answer_401(fake):
    conn = http.client.HTTPConnection("127.0.0.1", fake.port)
    conn.request("GET", f"/calendar/v3/calendars/{urllib.parse.quote(CAL)}/events")
    response = conn.getresponse()
    assert response.status == 401
    assert json.loads(response.read())["error"]["code"] == 401


# --- list ----------------------------------------------------------------------------------------

def test_list_filters_by_private_properties_anded(fake, events):
    events.insert(calendarId=CAL, body=tagged("abc00001", version="1")).execute()
    events.insert(calendarId=CAL, body=tagged("abc00002", version="2")).execute()
    events.insert(calendarId=CAL, body=event("abc00003")).execute()
    ours = events.list(calendarId=CAL, privateExtendedProperty=["source=agendador"]).execute()["items"]
    assert sorted(e["id"] for e in ours) == ["abc00001", "abc00002"]
    both = events.list(calendarId=CAL, privateExtendedProperty=["source=agendador", "version=2"]).execute()["items"]
    assert [e["id"] for e in both] == ["abc00002"]


def test_list_shows_cancelled_events_only_with_show_deleted(events):
    events.insert(calendarId=CAL, body=event("abc00001")).execute()
    events.insert(calendarId=CAL, body=event("abc00002")).execute()
    events.delete(calendarId=CAL, eventId="abc00002").execute()
    assert [e["id"] for e in events.list(calendarId=CAL).execute()["items"]] == ["abc00001"]
    listed = events.list(calendarId=CAL, showDeleted=True).execute()["items"]
    assert {e["id"]: e["status"] for e in listed} == {"abc00001": "confirmed", "abc00002": "cancelled"}


def test_list_time_window_keeps_events_overlapping_it(events):
    events.insert(calendarId=CAL, body=event("abc00001", "08:00", "12:00")).execute()
    events.insert(calendarId=CAL, body=event("abc00002", "12:00", "14:00")).execute()
    events.insert(calendarId=CAL, body=event("abc00003", "14:00", "18:00")).execute()
    listed = events.list(calendarId=CAL, timeMin="2026-12-07T12:00:00-03:00",
                         timeMax="2026-12-07T14:00:00-03:00").execute()["items"]
    # timeMin bounds the end (exclusive), timeMax the start (exclusive).
    assert [e["id"] for e in listed] == ["abc00002"]
    in_utc = events.list(calendarId=CAL, timeMin="2026-12-07T17:00:00Z", timeMax="2026-12-07T18:00:00Z",
                         orderBy="startTime", singleEvents=True).execute()["items"]
    assert [e["id"] for e in in_utc] == ["abc00003"]


def test_list_pages_with_max_results_and_page_token(events):
    for n in range(7):
        events.insert(calendarId=CAL, body=event(f"abc0000{n}")).execute()
    seen, token, pages = [], None, 0
    while True:
        page = events.list(calendarId=CAL, maxResults=3, pageToken=token).execute()
        pages += 1
        seen += [e["id"] for e in page["items"]]
        token = page.get("nextPageToken")
        if token is None:
            assert "nextSyncToken" in page
            break
        assert "nextSyncToken" not in page  # only on the last page
    assert pages == 3 and sorted(seen) == [f"abc0000{n}" for n in range(7)]


def test_filtered_lists_give_no_sync_token(events):
    page = events.list(calendarId=CAL, privateExtendedProperty=["source=agendador"]).execute()
    assert "nextSyncToken" not in page


# --- sync ----------------------------------------------------------------------------------------

def test_incremental_sync_returns_only_changes_including_cancelled(fake, events):
    events.insert(calendarId=CAL, body=event("abc00001")).execute()
    events.insert(calendarId=CAL, body=event("abc00002")).execute()
    token = events.list(calendarId=CAL, timeMin="2026-12-07T00:00:00-03:00").execute()["nextSyncToken"]
    assert events.list(calendarId=CAL, syncToken=token).execute()["items"] == []
    events.patch(calendarId=CAL, eventId="abc00001", body={"summary": "Mudou"}).execute()
    fake.cancel_event(CAL, "abc00002")
    events.insert(calendarId=CAL, body=event("abc00003")).execute()
    changes = events.list(calendarId=CAL, syncToken=token).execute()
    assert {e["id"]: e["status"] for e in changes["items"]} == {
        "abc00001": "confirmed", "abc00002": "cancelled", "abc00003": "confirmed"}
    assert events.list(calendarId=CAL, syncToken=changes["nextSyncToken"]).execute()["items"] == []


def test_incremental_sync_pages(events):
    token = events.list(calendarId=CAL).execute()["nextSyncToken"]
    for n in range(5):
        events.insert(calendarId=CAL, body=event(f"abc0000{n}")).execute()
    first = events.list(calendarId=CAL, syncToken=token, maxResults=2).execute()
    assert len(first["items"]) == 2 and "nextSyncToken" not in first
    rest = []
    page = first
    while "nextPageToken" in page:
        page = events.list(calendarId=CAL, syncToken=token, maxResults=2, pageToken=page["nextPageToken"]).execute()
        rest += page["items"]
    assert len(rest) == 3 and "nextSyncToken" in page


def test_a_bad_or_expired_sync_token_answers_410(fake, events):
    assert reason_of(events.list(calendarId=CAL, syncToken="not-a-token")) == (410, "fullSyncRequired")
    token = events.list(calendarId=CAL).execute()["nextSyncToken"]
    fake.expire_sync_tokens(CAL)
    assert reason_of(events.list(calendarId=CAL, syncToken=token)) == (410, "fullSyncRequired")
    other = build_events_for(fake, "bia@clinica.test")
    assert reason_of(other.list(calendarId="bia@clinica.test", syncToken=token)) == (410, "fullSyncRequired")


def build_events_for(fake, calendar_id):
    access = build_access(GoogleConfig(root_url=fake.root_url, auth_mode="static_token", static_token="t"))
    return access.service_for(calendar_id).events()


@pytest.mark.parametrize("restriction", [
    {"privateExtendedProperty": ["source=agendador"]}, {"timeMin": "2026-12-07T00:00:00Z"},
    {"timeMax": "2026-12-07T00:00:00Z"}])
def test_a_sync_token_cannot_be_combined_with_filters(events, restriction):
    token = events.list(calendarId=CAL).execute()["nextSyncToken"]
    assert status_of(events.list(calendarId=CAL, syncToken=token, **restriction)) == 400


# --- batch ---------------------------------------------------------------------------------------

def test_a_batch_answers_every_part_across_calendars(fake, access, events):
    other = access.service_for("bia@clinica.test").events()
    results = batch(access, [
        events.insert(calendarId=CAL, body=event("abc00001")),
        other.insert(calendarId="bia@clinica.test", body=event("abc00001")),
        events.insert(calendarId=CAL, body=event("abc00001")),
        events.list(calendarId=CAL),
        events.delete(calendarId=CAL, eventId="abc00001"),
    ])
    assert results[0][0]["id"] == "abc00001" and results[1][0]["id"] == "abc00001"
    assert results[2][1].resp.status == 409
    assert [e["id"] for e in results[3][0]["items"]] == ["abc00001"]
    assert results[4] == ({}, None) or results[4][1] is None
    assert fake.counters.http_requests == 1 and fake.counters.batches == 1 and fake.counters.calls == 5
    assert fake.counters.writes == 3 and fake.counters.write_requests == 1
    assert fake.events("bia@clinica.test")["abc00001"]["status"] == "confirmed"


def test_batch_parts_are_answered_with_response_content_ids(fake):
    boundary = "xyz"
    parts = []
    for n in (1, 2):
        inner = (f"GET /calendar/v3/calendars/{urllib.parse.quote(CAL)}/events?alt=json HTTP/1.1\n"
                 "authorization: Bearer t\n\n")
        parts.append(f"--{boundary}\nContent-Type: application/http\nContent-ID: <base + {n}>\n\n{inner}\n")
    body = "".join(parts) + f"--{boundary}--\n"
    conn = http.client.HTTPConnection("127.0.0.1", fake.port)
    conn.request("POST", "/batch/calendar/v3", body=body,
                 headers={"Content-Type": f'multipart/mixed; boundary="{boundary}"'})
    response = conn.getresponse()
    text = response.read().decode()
    assert response.status == 200 and response.getheader("Content-Type").startswith("multipart/mixed")
    assert "Content-ID: <response-base + 1>" in text and "Content-ID: <response-base + 2>" in text
    assert text.count("HTTP/1.1 200 OK") == 2


# --- faults --------------------------------------------------------------------------------------

def test_a_fault_on_the_nth_matching_call(fake, events):
    fault = fake.inject("503", scope="call", method="GET", nth=2)
    events.list(calendarId=CAL).execute()
    assert status_of(events.list(calendarId=CAL)) == 503
    events.list(calendarId=CAL).execute()
    assert fault.fired == 1 and fake.counters.faults == 1


@pytest.mark.parametrize("action,status,reason", [
    ("429", 429, "rateLimitExceeded"), ("403-rate", 403, "rateLimitExceeded"),
    ("403-user-rate", 403, "userRateLimitExceeded"), ("500", 500, "backendError"), ("503", 503, "backendError")])
def test_faults_answer_like_google(fake, events, action, status, reason):
    fake.inject(action, path="/events$")
    assert reason_of(events.insert(calendarId=CAL, body=event())) == (status, reason)
    assert fake.events(CAL) == {}  # the faulted call was not carried out
    events.insert(calendarId=CAL, body=event()).execute()


def test_a_fault_on_one_batch_part(fake, access, events):
    fake.inject("429", scope="part", path="bia%40clinica.test")
    other = access.service_for("bia@clinica.test").events()
    results = batch(access, [events.insert(calendarId=CAL, body=event()),
                             other.insert(calendarId="bia@clinica.test", body=event())])
    assert results[0][1] is None and results[1][1].resp.status == 429
    assert set(fake.events(CAL)) == {"abc12345"} and fake.events("bia@clinica.test") == {}


def test_a_fault_on_a_whole_batch(fake, access, events):
    fake.inject("503", scope="batch")
    request = access.service_for(CAL).new_batch_http_request()
    request.add(events.insert(calendarId=CAL, body=event()))
    request.add(events.insert(calendarId=CAL, body=event("abc00002")))
    with pytest.raises(HttpError) as info:
        request.execute()
    assert info.value.resp.status == 503 and fake.events(CAL) == {}


def test_a_dropped_connection_is_seen_by_the_client(fake, events):
    # httplib2 silently re-sends once after a connection closed without an answer: drop twice.
    fake.inject("drop", scope="call", times=2)
    with pytest.raises((ConnectionError, httplib2.HttpLib2Error, http.client.HTTPException)):
        events.insert(calendarId=CAL, body=event()).execute()
    assert fake.events(CAL) == {}


def test_drop_after_carries_out_the_call_but_loses_the_answer(fake, events):
    fake.inject("drop-after", scope="call", times=2)
    with pytest.raises((ConnectionError, httplib2.HttpLib2Error, http.client.HTTPException)):
        events.insert(calendarId=CAL, body=event()).execute()
    assert set(fake.events(CAL)) == {"abc12345"}


def test_random_faults_are_reproducible_with_the_seed():
    def run():
        with FakeCalendarServer(seed=3) as fake:
            fake.inject("500", probability=0.3, times=None)
            events = build_events_for(fake, CAL)
            outcome = []
            for n in range(20):
                try:
                    events.insert(calendarId=CAL, body=event(f"abc{n:05d}")).execute()
                    outcome.append(True)
                except HttpError:
                    outcome.append(False)
            return outcome

    first = run()
    assert first == run() and 0 < first.count(False) < 20


def test_part_scoped_faults_cannot_drop_connections(fake):
    with pytest.raises(ValueError):
        fake.inject("drop", scope="part")


# --- state ---------------------------------------------------------------------------------------

def test_concurrent_clients_are_served_safely(fake):
    def worker(n):
        events = build_events_for(fake, CAL)
        for k in range(10):
            events.insert(calendarId=CAL, body=event(f"abc{n}{k:04d}")).execute()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fake.events(CAL)) == 40 and fake.counters.writes == 40


def test_the_state_file_keeps_events_across_restarts(tmp_path):
    path = tmp_path / "google.json"
    with FakeCalendarServer(state_file=path) as fake:
        build_events_for(fake, CAL).insert(calendarId=CAL, body=event()).execute()
        fake.add_event("bia@clinica.test", event("abc99999"))
    with FakeCalendarServer(state_file=path) as again:
        assert set(again.events(CAL)) == {"abc12345"}
        assert set(again.events("bia@clinica.test")) == {"abc99999"}
        assert reason_of(build_events_for(again, CAL).insert(calendarId=CAL, body=event())) == (409, "duplicate")


def test_the_inspection_pages_show_the_events(fake, events):
    events.insert(calendarId=CAL, body=event()).execute()
    conn = http.client.HTTPConnection("127.0.0.1", fake.port)
    conn.request("GET", "/_fake/state")
    assert set(json.loads(conn.getresponse().read())[CAL]) == {"abc12345"}
    conn.request("GET", "/_fake/")
    page = conn.getresponse().read().decode()
    assert "Atendimento — Sala 1 (Savassi)" in page and "2026-12-07 08:00–12:00" in page

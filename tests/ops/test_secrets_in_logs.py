"""The OAuth tokens never reach the logs: a coordinator's grant and a full publish on a real worker, all at DEBUG."""
from __future__ import annotations

import base64
import logging
import urllib.parse

import pytest
from cryptography.fernet import Fernet

from tests.gcal.web_support import approved, give_calendars
from tests.ops.conftest import events_of, needs_workers, wait_for

from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.models import GoogleAuthorization, PublishRun

pytestmark = needs_workers
CALLBACK = "http://testserver/api/google/callback/"
CLIENT_SECRET = "client-secret-7Hq2vX"


@pytest.fixture
def fake_google():
    with FakeCalendarServer(seed=7) as server:
        yield server


def test_a_full_oauth_publish_at_debug_never_logs_the_tokens(
    coordinator_client, start_worker, fake_google, monkeypatch, caplog, capsys
):
    google = {
        "GOOGLE_AUTH_MODE": "oauth", "GOOGLE_API_ROOT_URL": fake_google.root_url,
        "GOOGLE_OAUTH_CLIENT_ID": "client-1", "GOOGLE_OAUTH_CLIENT_SECRET": CLIENT_SECRET,
        "GOOGLE_OAUTH_REDIRECT_URI": CALLBACK, "GOOGLE_OAUTH_TOKEN_URI": fake_google.token_uri,
        "GOOGLE_TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(), "OAUTHLIB_INSECURE_TRANSPORT": "1",
        "GOOGLE_PUBLISH_REQUESTS_PER_SECOND": "0", "GOOGLE_PUBLISH_REQUESTS_PER_USER_PER_SECOND": "0",
        "GOOGLE_PUBLISH_WRITES_PER_CALENDAR_PER_SECOND": "0",
    }  # fmt: skip
    for key, value in google.items():
        monkeypatch.setenv(key, value)
    caplog.set_level(logging.DEBUG)  # every library's debug records in this (web) process
    worker = start_worker("publisher", "batch", loglevel="DEBUG", LOG_LEVEL="DEBUG", **google)

    # The coordinator grants access: Google's token endpoint (the fake) answers an access and a refresh token.
    authorize = coordinator_client.get("/api/google/authorize/")
    assert authorize.status_code == 302
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize["Location"]).query)["state"][0]
    callback = coordinator_client.get("/api/google/callback/", {"code": "code-1", "state": state})
    assert callback.status_code == 302 and GoogleAuthorization.current() is not None

    # A full publish on the worker, acting as the coordinator's Google account.
    give_calendars()
    version = approved([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00"), ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")])
    response = coordinator_client.post(f"/api/versions/{version.pk}/publish/", format="json")
    assert response.status_code == 202, response.content
    run_id = response.json()["id"]
    assert wait_for(lambda: PublishRun.objects.get(pk=run_id).status == "done", timeout=60), worker.text()[-3000:]
    assert fake_google.writers["ana@clinica.test"] == {"oauth:code-1"}
    assert wait_for(lambda: events_of([worker], "task.finished", args=[run_id]), timeout=10)

    access_tokens, refresh_tokens = list(fake_google._tokens), list(fake_google._refresh_tokens)
    assert access_tokens and refresh_tokens
    captured = capsys.readouterr()
    logs = {"worker": worker.text(), "web records": caplog.text, "web stdout": captured.out, "web stderr": captured.err}
    # The capture is real: the worker logged at DEBUG, and both processes logged the publish.
    assert "DEBUG" in logs["worker"] and events_of([worker], "gcal.publish_run.finished", run_id=run_id)
    assert '"event": "http.request"' in logs["web stdout"] and caplog.records
    basic = base64.b64encode(f"client-1:{CLIENT_SECRET}".encode()).decode()
    for secret in [*access_tokens, *refresh_tokens, CLIENT_SECRET, basic]:
        for where, text in logs.items():
            assert secret not in text, f"{secret[:12]}… found in the {where} logs"
    assert not any(t.encode() in bytes(GoogleAuthorization.current().token) for t in refresh_tokens)

"""The coordinator's OAuth grant: authorize → Google → callback → encrypted blob; and Google's status."""
from __future__ import annotations

import urllib.parse

import pytest
from cryptography.fernet import Fernet
from tests.gcal.web_support import approved

from webapp.gcal.models import GoogleAuthorization

CALLBACK = "http://testserver/api/google/callback/"


@pytest.fixture
def oauth(google, monkeypatch):
    """oauth mode; the fake's token endpoint stands for Google's."""
    key = Fernet.generate_key().decode()
    for name, value in {
        "GOOGLE_AUTH_MODE": "oauth", "GOOGLE_OAUTH_CLIENT_ID": "client-1", "GOOGLE_OAUTH_CLIENT_SECRET": "secret-1",
        "GOOGLE_OAUTH_REDIRECT_URI": CALLBACK, "GOOGLE_OAUTH_TOKEN_URI": google.token_uri,
        "GOOGLE_TOKEN_ENCRYPTION_KEY": key, "OAUTHLIB_INSECURE_TRANSPORT": "1",  # the fake is plain http
    }.items():
        monkeypatch.setenv(name, value)
    return google


def authorize(client) -> dict[str, list[str]]:
    response = client.get("/api/google/authorize/")
    assert response.status_code == 302, response.content
    location = urllib.parse.urlsplit(response["Location"])
    assert location.netloc == "accounts.google.com"
    return urllib.parse.parse_qs(location.query)


@pytest.fixture
def query(oauth, as_coordinator):
    return authorize(as_coordinator)


@pytest.fixture
def callback(query, as_coordinator):
    return as_coordinator.get("/api/google/callback/", {"code": "code-1", "state": query["state"][0]})


def test_authorize_asks_for_offline_access_with_pkce(query):
    assert query["access_type"] == ["offline"] and query["code_challenge_method"] == ["S256"]


def test_authorize_sends_google_back_to_our_callback(query):
    assert query["redirect_uri"] == [CALLBACK]


def test_the_callback_returns_to_the_google_status_page(callback):
    assert callback.status_code == 302 and callback["Location"] == "/api/google/"


def test_the_grant_is_the_coordinators_and_its_token_is_stored_encrypted(callback, coordinator):
    grant = GoogleAuthorization.current()
    assert grant.authorized_by == coordinator and b"fake-refresh-" not in bytes(grant.token)


def test_the_status_says_oauth_is_configured_by_the_coordinator(callback, as_coordinator):
    status = as_coordinator.get("/api/google/").json()
    assert (status["configured"], status["auth_mode"], status["authorized_by"]) == (True, "oauth", "coord")


def test_publishing_then_acts_as_the_coordinators_google_account(callback, oauth, as_coordinator):
    response = as_coordinator.post(f"/api/versions/{approved([('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00')]).pk}/publish/")
    assert response.status_code == 200, response.json()
    assert oauth.writers["ana@clinica.test"] == {"oauth:code-1"}


def test_it_denies_anonymous(oauth, anonymous):
    assert anonymous.get("/api/google/authorize/").status_code in (401, 403)
    assert anonymous.get("/api/google/callback/", {"code": "x", "state": "y"}).status_code in (401, 403)
    assert anonymous.get("/api/google/").status_code in (401, 403)


def test_it_denies_wrong_role(oauth, as_viewer, as_ana):
    assert as_viewer.get("/api/google/authorize/").status_code == 403
    assert as_viewer.get("/api/google/callback/", {"code": "x", "state": "y"}).status_code == 403
    assert as_ana.get("/api/google/").status_code == 403
    assert as_viewer.get("/api/google/").status_code == 200


def test_it_rejects_bad_input(oauth, as_coordinator):
    query = authorize(as_coordinator)
    response = as_coordinator.get("/api/google/callback/", {"code": "code-1", "state": "forged"})
    assert response.status_code == 400 and "não é desta sessão" in response.json()["detail"]
    # The state is single-use: the right one after a wrong one no longer works either.
    assert as_coordinator.get("/api/google/callback/", {"code": "code-1", "state": query["state"][0]}).status_code == 400
    authorize(as_coordinator)
    response = as_coordinator.get("/api/google/callback/", {"error": "access_denied"})
    assert response.status_code == 400 and "access_denied" in response.json()["detail"]
    assert GoogleAuthorization.current() is None


def test_a_code_google_refuses_is_a_400(oauth, as_coordinator, monkeypatch):
    query = authorize(as_coordinator)
    monkeypatch.setenv("GOOGLE_OAUTH_TOKEN_URI", oauth.root_url + "no-such-token-endpoint")
    response = as_coordinator.get("/api/google/callback/", {"code": "code-1", "state": query["state"][0]})
    assert response.status_code == 400 and "não aceitou o código" in response.json()["detail"]
    assert GoogleAuthorization.current() is None


def test_authorize_needs_the_oauth_mode(google, as_coordinator):
    response = as_coordinator.get("/api/google/authorize/")
    assert response.status_code == 400 and "static_token" in response.json()["detail"]


def test_without_a_grant_oauth_is_not_configured(oauth, as_coordinator):
    status = as_coordinator.get("/api/google/").json()
    assert status["configured"] is False and "autorize" in status["detail"]
    response = as_coordinator.post(f"/api/versions/{approved([('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00')]).pk}/publish/")
    assert response.status_code == 503


def test_the_status_without_any_settings(clinic, no_google, as_viewer):
    status = as_viewer.get("/api/google/").json()
    assert (status["configured"], status["auth_mode"], status["authorized_by"]) == (False, "service_account", None)
    assert "GOOGLE_SERVICE_ACCOUNT_JSON" in status["detail"]

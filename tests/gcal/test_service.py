"""Building the Calendar service: root URL rewrite, auth modes, encrypted OAuth tokens, no network."""
from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from webapp.gcal.config import GOOGLE_ROOT_URL, GoogleConfig, GoogleConfigError
from webapp.gcal.service import (
    authorization_url, build_access, credentials_from_stored_token, decrypt_token, discovery_document,
    encrypt_token, exchange_code, store_credentials,
)

CAL = "ana@clinica.test"
EVENT = {"id": "abc12345", "summary": "Atendimento",
         "start": {"dateTime": "2026-12-07T08:00:00-03:00"}, "end": {"dateTime": "2026-12-07T12:00:00-03:00"}}


@pytest.fixture(scope="module")
def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def service_account_info(pem: str, token_uri: str = "https://oauth2.googleapis.com/token") -> dict:
    return {"type": "service_account", "project_id": "clinica", "private_key_id": "k1", "private_key": pem,
            "client_email": "agendador@clinica.iam.gserviceaccount.com", "client_id": "1", "token_uri": token_uri}


# --- root URL --------------------------------------------------------------------------------------

def test_the_discovery_document_is_aimed_at_the_root_url():
    doc = discovery_document("http://127.0.0.1:9/")
    assert doc["rootUrl"] == "http://127.0.0.1:9/" and doc["batchPath"] == "batch/calendar/v3"
    assert "mtlsRootUrl" not in doc


def test_by_default_single_and_batch_calls_go_to_google(private_key_pem):
    config = GoogleConfig(service_account_json=json.dumps(service_account_info(private_key_pem)))
    service = build_access(config).service_for(CAL)
    assert service.events().list(calendarId=CAL).uri.startswith("https://www.googleapis.com/calendar/v3/")
    assert service.new_batch_http_request()._batch_uri == "https://www.googleapis.com/batch/calendar/v3"


def test_the_root_url_moves_single_and_batch_calls_together(fake, access):
    service = access.service_for(CAL)
    assert service.new_batch_http_request()._batch_uri == fake.root_url + "batch/calendar/v3"
    service.events().insert(calendarId=CAL, body=EVENT).execute()
    request = service.new_batch_http_request()
    request.add(service.events().get(calendarId=CAL, eventId="abc12345"))
    request.add(service.events().list(calendarId=CAL))
    request.execute()
    assert fake.counters.http_requests == 2 and fake.counters.batches == 1 and fake.counters.calls == 3


# --- config ----------------------------------------------------------------------------------------

def test_config_reads_the_environment():
    config = GoogleConfig.from_env({
        "GOOGLE_API_ROOT_URL": "http://127.0.0.1:8765", "GOOGLE_AUTH_MODE": "static_token",
        "GOOGLE_STATIC_TOKEN": "t", "GOOGLE_PUBLISH_BATCH_SIZE": "20", "GOOGLE_PUBLISH_MAX_DELETES": "none",
        "GOOGLE_PUBLISH_MAX_DELETE_SHARE": "0.5"})
    assert config.root_url == "http://127.0.0.1:8765/" and config.batch_size == 20
    assert config.max_deletes is None and config.max_delete_share == 0.5
    defaults = GoogleConfig.from_env({})
    assert defaults.root_url == GOOGLE_ROOT_URL and defaults.auth_mode == "service_account"


@pytest.mark.parametrize("env,key", [
    ({"GOOGLE_AUTH_MODE": "magic"}, "GOOGLE_AUTH_MODE"),
    ({"GOOGLE_PUBLISH_BATCH_SIZE": "many"}, "GOOGLE_PUBLISH_BATCH_SIZE"),
    ({"GOOGLE_PUBLISH_BATCH_SIZE": "51"}, "GOOGLE_PUBLISH_BATCH_SIZE"),
    ({"GOOGLE_PUBLISH_MAX_DELETE_SHARE": "2"}, "GOOGLE_PUBLISH_MAX_DELETE_SHARE"),
    ({"GOOGLE_API_ROOT_URL": "http://calendar.example.com/"}, "GOOGLE_API_ROOT_URL"),
])
def test_config_refuses_bad_values_naming_the_key(env, key):
    with pytest.raises(GoogleConfigError, match=key):
        GoogleConfig.from_env(env)


# --- static token ----------------------------------------------------------------------------------

def test_a_static_token_is_refused_for_googles_url():
    with pytest.raises(GoogleConfigError, match="só vale para um servidor local"):
        build_access(GoogleConfig(auth_mode="static_token", static_token="t"))


def test_the_fake_mode_uses_a_fixed_token_on_loopback(fake):
    access = build_access(GoogleConfig(root_url=fake.root_url, auth_mode="fake"))
    access.service_for(CAL).events().insert(calendarId=CAL, body=EVENT).execute()
    assert fake.writers[CAL] == {"agendador-demo"}


# --- service account -------------------------------------------------------------------------------

def test_a_service_account_builds_offline_from_a_generated_key(private_key_pem):
    config = GoogleConfig(service_account_json=json.dumps(service_account_info(private_key_pem)))
    access = build_access(config)
    service = access.service_for(CAL)  # builds without any network (the guard would fail the test)
    creds = access._credentials[CAL]
    assert creds._subject == CAL and creds.service_account_email.startswith("agendador@")
    assert access.user_for(CAL) == CAL and access.user_for("bia@clinica.test") == "bia@clinica.test"
    assert service is not access.service_for("bia@clinica.test")


def test_a_delegated_user_acts_for_every_calendar(private_key_pem):
    config = GoogleConfig(service_account_json=json.dumps(service_account_info(private_key_pem)),
                          delegated_user="agenda@clinica.test")
    access = build_access(config)
    assert access.service_for(CAL) is access.service_for("bia@clinica.test")
    assert access._credentials["agenda@clinica.test"]._subject == "agenda@clinica.test"


def test_the_key_may_come_from_a_file_or_base64(private_key_pem, tmp_path):
    info = service_account_info(private_key_pem)
    path = tmp_path / "key.json"
    path.write_text(json.dumps(info))
    assert GoogleConfig(service_account_file=str(path)).service_account_info() == info
    encoded = base64.b64encode(json.dumps(info).encode()).decode()
    assert GoogleConfig(service_account_json=encoded).service_account_info() == info


def test_a_missing_or_wrong_key_is_refused(tmp_path):
    with pytest.raises(GoogleConfigError, match="GOOGLE_SERVICE_ACCOUNT_JSON ou GOOGLE_SERVICE_ACCOUNT_FILE"):
        build_access(GoogleConfig())
    with pytest.raises(GoogleConfigError, match="não foi possível ler"):
        build_access(GoogleConfig(service_account_file=str(tmp_path / "absent.json")))
    with pytest.raises(GoogleConfigError, match="conta de serviço"):
        build_access(GoogleConfig(service_account_json='{"type": "authorized_user"}'))


def test_a_service_account_writes_each_calendar_as_its_owner(fake, private_key_pem):
    config = GoogleConfig(root_url=fake.root_url,
                          service_account_json=json.dumps(service_account_info(private_key_pem, fake.token_uri)))
    access = build_access(config)
    access.prepare([CAL, "bia@clinica.test"])  # tokens for both owners from the fake's token endpoint
    ana, bia = access.service_for(CAL), access.service_for("bia@clinica.test")
    request = ana.new_batch_http_request()
    request.add(ana.events().insert(calendarId=CAL, body=EVENT))
    request.add(bia.events().insert(calendarId="bia@clinica.test", body=EVENT))
    request.execute()
    assert fake.writers == {CAL: {CAL}, "bia@clinica.test": {"bia@clinica.test"}}


# --- OAuth -----------------------------------------------------------------------------------------

@pytest.fixture
def oauth_config(fake):
    return GoogleConfig(root_url=fake.root_url, auth_mode="oauth", oauth_client_id="client-1",
                        oauth_client_secret="secret-1", oauth_redirect_uri="http://127.0.0.1:8000/google/callback",
                        oauth_token_uri=fake.token_uri,
                        token_encryption_key=Fernet.generate_key().decode())


def test_the_authorization_url_asks_for_offline_access_with_pkce(oauth_config):
    url, state, verifier = authorization_url(oauth_config)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["access_type"] == ["offline"] and query["prompt"] == ["consent"]
    assert query["state"] == [state] and query["code_challenge_method"] == ["S256"] and len(verifier) >= 43
    assert query["scope"] == ["https://www.googleapis.com/auth/calendar.events"]
    assert query["redirect_uri"] == ["http://127.0.0.1:8000/google/callback"]


def test_the_code_exchange_stores_an_encrypted_refresh_token(fake, oauth_config, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake's token endpoint is plain http
    _, state, verifier = authorization_url(oauth_config)
    blob = exchange_code(oauth_config, code="code-1", state=state, code_verifier=verifier)
    assert b"fake-refresh-" not in blob
    stored = json.loads(decrypt_token(blob, oauth_config.token_encryption_key))
    assert stored["refresh_token"].startswith("fake-refresh-")
    access = build_access(oauth_config, stored_token=blob)
    access.prepare([CAL])
    access.service_for(CAL).events().insert(calendarId=CAL, body=EVENT).execute()
    assert fake.writers[CAL] == {"oauth:code-1"}


def test_stored_credentials_refresh_against_the_configured_token_uri(fake, oauth_config):
    creds = credentials_from_stored_token(
        encrypt_token(json.dumps({"refresh_token": fake.issue_refresh_token("coord@clinica.test")}),
                      oauth_config.token_encryption_key), oauth_config)
    assert creds.token_uri == fake.token_uri and creds.token is None
    access = build_access(oauth_config, stored_token=store_credentials(creds, oauth_config))
    access.service_for(CAL).events().insert(calendarId=CAL, body=EVENT).execute()
    assert fake.writers[CAL] == {"coord@clinica.test"}


def test_token_encryption_round_trips_and_supports_key_rotation():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    blob = encrypt_token("segredo", old)
    assert b"segredo" not in blob and decrypt_token(blob, old) == "segredo"
    assert decrypt_token(blob, f"{new},{old}") == "segredo"
    with pytest.raises(GoogleConfigError, match="decifrar"):
        decrypt_token(blob, new)
    with pytest.raises(GoogleConfigError, match="GOOGLE_TOKEN_ENCRYPTION_KEY"):
        encrypt_token("x", None)
    with pytest.raises(GoogleConfigError, match="chave Fernet"):
        encrypt_token("x", "not-a-key")


def test_oauth_without_an_authorization_is_refused(oauth_config):
    with pytest.raises(GoogleConfigError, match="autorize"):
        build_access(oauth_config)

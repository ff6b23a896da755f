"""Builds the Calendar service: the real client, the bundled discovery document, no network at build time.

The discovery document's ``rootUrl`` is rewritten to ``GOOGLE_API_ROOT_URL`` because batch requests
follow ``rootUrl`` and not ``client_options.api_endpoint``: rewriting it moves single and batch calls
together (tests and the demo point it at the fake server).

Credentials, by ``GOOGLE_AUTH_MODE``:
- ``service_account``: a Workspace service account with domain-wide delegation, impersonating each
  calendar's owner (or ``GOOGLE_DELEGATED_USER`` for all);
- ``oauth``: a coordinator's account through the OAuth web flow; its refresh token is kept encrypted
  with Fernet (``GOOGLE_TOKEN_ENCRYPTION_KEY``), the blob is stored by the caller;
- ``static_token`` / ``fake``: a fixed bearer token, only for a loopback root URL.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

import google.auth.credentials
import google_auth_httplib2
import httplib2
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from googleapiclient import discovery, discovery_cache

from webapp.gcal.config import FAKE_TOKEN, SCOPES, GoogleConfig, GoogleConfigError

DEFAULT_USER = "default"


@functools.lru_cache(maxsize=1)
def _bundled_document() -> str:
    return discovery_cache.get_static_doc("calendar", "v3")


def discovery_document(root_url: str) -> dict[str, Any]:
    """The bundled Calendar v3 discovery document, aimed at ``root_url``."""
    document = json.loads(_bundled_document())
    document["rootUrl"] = root_url
    document.pop("mtlsRootUrl", None)  # never switch to Google's mTLS host behind our back
    return document


def build_service(credentials: google.auth.credentials.Credentials, config: GoogleConfig, *,
                  http: httplib2.Http | None = None) -> Any:
    """A Calendar v3 ``Resource`` whose single and batch calls go to ``config.root_url``."""
    transport = http if http is not None else httplib2.Http(timeout=config.timeout_seconds)
    authorized = google_auth_httplib2.AuthorizedHttp(credentials, http=transport)
    return discovery.build_from_document(discovery_document(config.root_url), http=authorized)


class CalendarAccess:
    """Hands out the service for each calendar.

    With domain-wide delegation each calendar owner is a different Google user (its own quota), so
    there is one credential per user; they share one HTTP connection.
    """

    def __init__(self, config: GoogleConfig, credentials_for: Callable[[str], google.auth.credentials.Credentials],
                 user_for: Callable[[str], str] = lambda calendar_id: DEFAULT_USER):
        self.config = config
        self._credentials_for = credentials_for
        self._user_for = user_for
        self._http = httplib2.Http(timeout=config.timeout_seconds)
        self._services: dict[str, Any] = {}
        self._credentials: dict[str, google.auth.credentials.Credentials] = {}

    def user_for(self, calendar_id: str) -> str:
        return self._user_for(calendar_id)

    def service_for(self, calendar_id: str) -> Any:
        return self.service_for_user(self.user_for(calendar_id))

    def service_for_user(self, user: str) -> Any:
        if user not in self._services:
            self._credentials[user] = self._credentials_for(user)
            self._services[user] = build_service(self._credentials[user], self.config, http=self._http)
        return self._services[user]

    def prepare(self, calendar_ids: Iterable[str]) -> None:
        """Refresh expired credentials first: batch parts carry their own token and are not refreshed."""
        for user in {self.user_for(cal) for cal in calendar_ids}:
            self.service_for_user(user)
            creds = self._credentials[user]
            if not creds.valid:
                creds.refresh(google_auth_httplib2.Request(self._http))


def build_access(config: GoogleConfig, *, stored_token: bytes | None = None) -> CalendarAccess:
    """The access for ``config.auth_mode``; ``stored_token`` is the encrypted OAuth blob (oauth mode)."""
    if config.auth_mode in ("static_token", "fake"):
        creds = static_credentials(config)
        return CalendarAccess(config, lambda user: creds)
    if config.auth_mode == "service_account":
        base = service_account_credentials(config)
        if config.delegated_user:
            delegated = base.with_subject(config.delegated_user)
            return CalendarAccess(config, lambda user: delegated, lambda cal: config.delegated_user)
        # Each professional's calendar is impersonated as its owner: the calendar id is their e-mail.
        return CalendarAccess(config, lambda user: base.with_subject(user), lambda cal: cal)
    if stored_token is None:
        raise GoogleConfigError("O modo oauth precisa que a coordenação autorize o acesso ao Google Agenda primeiro.")
    creds = credentials_from_stored_token(stored_token, config)
    return CalendarAccess(config, lambda user: creds)


# --- static token -----------------------------------------------------------------------------

def static_credentials(config: GoogleConfig) -> user_credentials.Credentials:
    if not config.is_loopback:
        raise GoogleConfigError(
            f"O modo {config.auth_mode} (token fixo) só vale para um servidor local de testes; "
            f"GOOGLE_API_ROOT_URL aponta para {config.root_url}. Use service_account ou oauth com o Google.")
    token = config.static_token or (FAKE_TOKEN if config.auth_mode == "fake" else None)
    if not token:
        raise GoogleConfigError("O modo static_token precisa de GOOGLE_STATIC_TOKEN.")
    return user_credentials.Credentials(token=token)


# --- service account --------------------------------------------------------------------------

def service_account_credentials(config: GoogleConfig) -> service_account.Credentials:
    """The service account's own credentials (call ``with_subject`` to act as a Workspace user)."""
    info = config.service_account_info()
    try:
        return service_account.Credentials.from_service_account_info(info, scopes=list(SCOPES))
    except (ValueError, KeyError) as exc:
        raise GoogleConfigError(f"Chave da conta de serviço inválida: {exc}.") from None


# --- OAuth web flow -----------------------------------------------------------------------------

def oauth_flow(config: GoogleConfig, *, state: str | None = None, code_verifier: str | None = None):
    from google_auth_oauthlib.flow import Flow

    client = config.oauth_client_config()
    redirect_uri = config.oauth_redirect_uri or (client["web"].get("redirect_uris") or [None])[0]
    if not redirect_uri:
        raise GoogleConfigError("O modo oauth precisa de GOOGLE_OAUTH_REDIRECT_URI (a URL de retorno do Google).")
    return Flow.from_client_config(client, scopes=list(SCOPES), redirect_uri=redirect_uri, state=state,
                                   code_verifier=code_verifier)


def authorization_url(config: GoogleConfig) -> tuple[str, str, str]:
    """Start the web flow: (URL to send the coordinator to, state, PKCE code verifier).

    Keep state and verifier in the coordinator's session until the callback.
    """
    flow = oauth_flow(config)
    # offline + consent: Google only sends a refresh token on a consented offline grant.
    url, state = flow.authorization_url(access_type="offline", prompt="consent", include_granted_scopes="true")
    return url, state, flow.code_verifier


def exchange_code(config: GoogleConfig, *, code: str, state: str, code_verifier: str) -> bytes:
    """Finish the web flow: trade the callback's code for credentials, returned encrypted for storage."""
    flow = oauth_flow(config, state=state, code_verifier=code_verifier)
    flow.fetch_token(code=code)
    creds = flow.credentials
    if not creds.refresh_token:
        raise GoogleConfigError("O Google não devolveu um refresh token; remova o acesso do Agendador na conta "
                                "Google e autorize de novo.")
    return store_credentials(creds, config)


def store_credentials(creds: user_credentials.Credentials, config: GoogleConfig) -> bytes:
    """The encrypted blob to keep in the database (never the token in clear)."""
    data = {"refresh_token": creds.refresh_token, "scopes": list(creds.scopes or SCOPES)}
    return encrypt_token(json.dumps(data), config.token_encryption_key)


def credentials_from_stored_token(blob: bytes, config: GoogleConfig) -> user_credentials.Credentials:
    data = json.loads(decrypt_token(blob, config.token_encryption_key))
    client = config.oauth_client_config()["web"]
    # Built by hand: from_authorized_user_info() would reset token_uri to Google's.
    return user_credentials.Credentials(
        token=None, refresh_token=data["refresh_token"], token_uri=client.get("token_uri", config.oauth_token_uri),
        client_id=client["client_id"], client_secret=client["client_secret"], scopes=data.get("scopes"))


def _fernet(key: str | None) -> MultiFernet:
    if not key:
        raise GoogleConfigError("GOOGLE_TOKEN_ENCRYPTION_KEY não está definida (gere uma com "
                                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`).")
    try:
        return MultiFernet([Fernet(part.strip().encode()) for part in key.split(",") if part.strip()])
    except ValueError:
        raise GoogleConfigError("GOOGLE_TOKEN_ENCRYPTION_KEY deve ser uma chave Fernet (32 bytes em base64 url-safe); "
                                "várias chaves separadas por vírgula, a primeira cifra.") from None


def encrypt_token(text: str, key: str | None) -> bytes:
    return _fernet(key).encrypt(text.encode("utf-8"))


def decrypt_token(blob: bytes, key: str | None) -> str:
    try:
        return _fernet(key).decrypt(blob).decode("utf-8")
    except InvalidToken:
        raise GoogleConfigError("Não foi possível decifrar o token do Google guardado: a chave "
                                "GOOGLE_TOKEN_ENCRYPTION_KEY mudou? Autorize o acesso de novo.") from None

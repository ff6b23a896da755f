"""Google Calendar settings, read from a plain mapping (the environment, or Django settings later).

Every reader refuses a bad value with the key's name, so a misconfigured deployment stops at start-up
instead of at the first publish.
"""
from __future__ import annotations

import base64
import ipaddress
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

GOOGLE_ROOT_URL = "https://www.googleapis.com/"
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
SCOPES = ("https://www.googleapis.com/auth/calendar.events",)
# "fake" is the demo's name for static_token against the local fake server.
AUTH_MODES = ("service_account", "oauth", "static_token", "fake")
FAKE_TOKEN = "agendador-demo"


class GoogleConfigError(ValueError):
    """A Google setting is missing or wrong (message in pt-BR, naming the key)."""


def is_loopback_url(url: str) -> bool:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class GoogleConfig:
    root_url: str = GOOGLE_ROOT_URL
    auth_mode: str = "service_account"
    service_account_json: str | None = None  # the key itself (JSON, or JSON in base64)
    service_account_file: str | None = None
    delegated_user: str | None = None  # impersonate this user for every calendar; else each calendar's owner
    oauth_client_file: str | None = None  # client_secret.json downloaded from the Cloud console
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = None
    oauth_redirect_uri: str | None = None
    oauth_auth_uri: str = GOOGLE_AUTH_URI
    oauth_token_uri: str = GOOGLE_TOKEN_URI
    token_encryption_key: str | None = None  # Fernet key(s), comma-separated: the first encrypts
    static_token: str | None = None
    timeout_seconds: float = 30.0
    # Publishing (defaults sit under Google's quotas: 10,000 requests/min per project, 600/min per user).
    batch_size: int = 50
    requests_per_second: float = 150.0
    requests_per_user_per_second: float = 10.0
    writes_per_calendar_per_second: float = 5.0
    max_attempts: int = 6
    backoff_base_seconds: float = 1.0
    backoff_max_seconds: float = 32.0
    max_deletes: int | None = 50
    max_delete_share: float | None = 0.2
    event_namespace: str = "agendador"

    def __post_init__(self) -> None:
        if self.auth_mode not in AUTH_MODES:
            raise GoogleConfigError(
                f"GOOGLE_AUTH_MODE deve ser um de {', '.join(AUTH_MODES)}; recebido {self.auth_mode!r}.")
        split = urllib.parse.urlsplit(self.root_url)
        if split.scheme not in ("http", "https") or not split.hostname:
            raise GoogleConfigError(f"GOOGLE_API_ROOT_URL deve ser uma URL http(s); recebido {self.root_url!r}.")
        if not self.root_url.endswith("/"):
            object.__setattr__(self, "root_url", self.root_url + "/")
        if split.scheme == "http" and not self.is_loopback:
            raise GoogleConfigError("GOOGLE_API_ROOT_URL só pode usar http (sem TLS) num endereço local (127.0.0.1).")
        if not 1 <= self.batch_size <= 50:
            raise GoogleConfigError(f"GOOGLE_PUBLISH_BATCH_SIZE deve estar entre 1 e 50; recebido {self.batch_size}.")
        if self.max_attempts < 1:
            raise GoogleConfigError("GOOGLE_PUBLISH_MAX_ATTEMPTS deve ser pelo menos 1.")
        if self.max_delete_share is not None and not 0 <= self.max_delete_share <= 1:
            raise GoogleConfigError("GOOGLE_PUBLISH_MAX_DELETE_SHARE deve estar entre 0 e 1.")

    @property
    def is_loopback(self) -> bool:
        return is_loopback_url(self.root_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str | None]) -> GoogleConfig:
        """Read the GOOGLE_* keys of a mapping (os.environ, or a dict built from Django settings)."""

        def text(key: str) -> str | None:
            value = env.get(key)
            value = value.strip() if isinstance(value, str) else value
            return value or None

        def number(key: str, default: float, kind: type = float, *, optional: bool = False) -> float | None:
            value = text(key)
            if value is None:
                return default
            if optional and value.lower() in ("none", "off", "sem limite"):
                return None
            try:
                parsed = kind(value)
            except ValueError:
                raise GoogleConfigError(f"{key} deve ser um número; recebido {value!r}.") from None
            if parsed < 0:
                raise GoogleConfigError(f"{key} não pode ser negativo; recebido {value!r}.")
            return parsed

        defaults = cls()
        return cls(
            root_url=text("GOOGLE_API_ROOT_URL") or GOOGLE_ROOT_URL,
            auth_mode=text("GOOGLE_AUTH_MODE") or "service_account",
            service_account_json=text("GOOGLE_SERVICE_ACCOUNT_JSON"),
            service_account_file=text("GOOGLE_SERVICE_ACCOUNT_FILE"),
            delegated_user=text("GOOGLE_DELEGATED_USER"),
            oauth_client_file=text("GOOGLE_OAUTH_CLIENT_FILE"),
            oauth_client_id=text("GOOGLE_OAUTH_CLIENT_ID"),
            oauth_client_secret=text("GOOGLE_OAUTH_CLIENT_SECRET"),
            oauth_redirect_uri=text("GOOGLE_OAUTH_REDIRECT_URI"),
            oauth_auth_uri=text("GOOGLE_OAUTH_AUTH_URI") or GOOGLE_AUTH_URI,
            oauth_token_uri=text("GOOGLE_OAUTH_TOKEN_URI") or GOOGLE_TOKEN_URI,
            token_encryption_key=text("GOOGLE_TOKEN_ENCRYPTION_KEY"),
            static_token=text("GOOGLE_STATIC_TOKEN"),
            timeout_seconds=number("GOOGLE_HTTP_TIMEOUT", defaults.timeout_seconds),
            batch_size=number("GOOGLE_PUBLISH_BATCH_SIZE", defaults.batch_size, int),
            requests_per_second=number("GOOGLE_PUBLISH_REQUESTS_PER_SECOND", defaults.requests_per_second),
            requests_per_user_per_second=number("GOOGLE_PUBLISH_REQUESTS_PER_USER_PER_SECOND",
                                                defaults.requests_per_user_per_second),
            writes_per_calendar_per_second=number("GOOGLE_PUBLISH_WRITES_PER_CALENDAR_PER_SECOND",
                                                  defaults.writes_per_calendar_per_second),
            max_attempts=number("GOOGLE_PUBLISH_MAX_ATTEMPTS", defaults.max_attempts, int),
            backoff_base_seconds=number("GOOGLE_PUBLISH_BACKOFF_SECONDS", defaults.backoff_base_seconds),
            backoff_max_seconds=number("GOOGLE_PUBLISH_BACKOFF_MAX_SECONDS", defaults.backoff_max_seconds),
            max_deletes=number("GOOGLE_PUBLISH_MAX_DELETES", defaults.max_deletes, int, optional=True),
            max_delete_share=number("GOOGLE_PUBLISH_MAX_DELETE_SHARE", defaults.max_delete_share, optional=True),
            event_namespace=text("GOOGLE_EVENT_NAMESPACE") or defaults.event_namespace,
        )

    def service_account_info(self) -> dict:
        """The service-account key, from GOOGLE_SERVICE_ACCOUNT_JSON or the file GOOGLE_SERVICE_ACCOUNT_FILE."""
        raw = self.service_account_json
        source = "GOOGLE_SERVICE_ACCOUNT_JSON"
        if raw is None and self.service_account_file:
            source = "GOOGLE_SERVICE_ACCOUNT_FILE"
            try:
                with open(self.service_account_file, encoding="utf-8") as fh:
                    raw = fh.read()
            except OSError as exc:
                raise GoogleConfigError(
                    f"GOOGLE_SERVICE_ACCOUNT_FILE: não foi possível ler {self.service_account_file!r} ({exc.strerror}).",
                ) from None
        if raw is None:
            raise GoogleConfigError(
                "O modo service_account precisa da chave da conta de serviço em GOOGLE_SERVICE_ACCOUNT_JSON "
                "ou GOOGLE_SERVICE_ACCOUNT_FILE.")
        raw = raw.strip()
        if not raw.startswith("{"):
            try:
                raw = base64.b64decode(raw, validate=True).decode("utf-8")
            except ValueError:
                raise GoogleConfigError(f"{source} não é um JSON (nem JSON em base64).") from None
        try:
            info = json.loads(raw)
        except ValueError:
            raise GoogleConfigError(f"{source} não é um JSON válido.") from None
        if not isinstance(info, dict) or info.get("type") != "service_account":
            raise GoogleConfigError(f"{source} não é uma chave de conta de serviço (type=service_account).")
        return info

    def oauth_client_config(self) -> dict:
        """The OAuth client in the client_secret.json shape ({"web": {...}})."""
        if self.oauth_client_file:
            try:
                with open(self.oauth_client_file, encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError):
                raise GoogleConfigError(
                    f"GOOGLE_OAUTH_CLIENT_FILE: não foi possível ler o JSON do cliente OAuth em "
                    f"{self.oauth_client_file!r}.") from None
            client = data.get("web") or data.get("installed")
            if not isinstance(client, dict):
                raise GoogleConfigError("GOOGLE_OAUTH_CLIENT_FILE deve ter a chave \"web\" (cliente de aplicativo web).")
            return {"web": client}
        if not (self.oauth_client_id and self.oauth_client_secret):
            raise GoogleConfigError("O modo oauth precisa de GOOGLE_OAUTH_CLIENT_FILE ou de "
                                    "GOOGLE_OAUTH_CLIENT_ID e GOOGLE_OAUTH_CLIENT_SECRET.")
        return {"web": {
            "client_id": self.oauth_client_id,
            "client_secret": self.oauth_client_secret,
            "auth_uri": self.oauth_auth_uri,
            "token_uri": self.oauth_token_uri,
            "redirect_uris": [self.oauth_redirect_uri] if self.oauth_redirect_uri else [],
        }}

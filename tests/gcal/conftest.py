"""Fixtures: a fake Google Calendar on loopback, the real client pointed at it, a fake clock."""
from __future__ import annotations

import pytest
from tests.gcal.gcal_support import FakeClock

from webapp.gcal.config import GoogleConfig
from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.service import build_access


@pytest.fixture
def fake():
    with FakeCalendarServer(seed=7) as server:
        yield server


@pytest.fixture
def config(fake):
    return GoogleConfig(root_url=fake.root_url, auth_mode="static_token", static_token="test-token")


@pytest.fixture
def access(config):
    return build_access(config)


@pytest.fixture
def clock():
    return FakeClock()



# --- the Django side: the web shell's personas, a configured Google pointing at the fake -----------

from tests.gcal.web_support import give_calendars, shell  # noqa: E402

clinic, coordinator, viewer, ana, nobody = shell.clinic, shell.coordinator, shell.viewer, shell.ana, shell.nobody
as_coordinator, as_viewer, as_ana, anonymous = shell.as_coordinator, shell.as_viewer, shell.as_ana, shell.anonymous

GOOGLE_KEYS = ("GOOGLE_AUTH_MODE", "GOOGLE_API_ROOT_URL", "GOOGLE_STATIC_TOKEN", "GOOGLE_SERVICE_ACCOUNT_JSON",
               "GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_OAUTH_CLIENT_FILE", "GOOGLE_OAUTH_CLIENT_ID",
               "GOOGLE_OAUTH_CLIENT_SECRET", "GOOGLE_OAUTH_REDIRECT_URI", "GOOGLE_OAUTH_TOKEN_URI",
               "GOOGLE_TOKEN_ENCRYPTION_KEY", "GOOGLE_PUBLISH_MAX_DELETES", "GOOGLE_PUBLISH_MAX_DELETE_SHARE")


@pytest.fixture
def no_google(monkeypatch):
    """No Google settings at all (whatever the developer's shell holds)."""
    for key in GOOGLE_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def jobs_inline():
    """Celery runs inline, even when the suite runs against a real broker."""
    from webapp import celery_app

    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def google(google_settings, clinic, jobs_inline):
    """Google is the fake server, the tiny clinic's professionals have calendars, jobs run inline."""
    give_calendars()
    return google_settings


@pytest.fixture
def google_settings(fake, no_google, monkeypatch):
    """The settings of a deployment whose Google is the fake server. Pacing off, quick backoff."""
    env = {
        "GOOGLE_AUTH_MODE": "static_token", "GOOGLE_STATIC_TOKEN": "test-token", "GOOGLE_API_ROOT_URL": fake.root_url,
        "GOOGLE_PUBLISH_REQUESTS_PER_SECOND": "0", "GOOGLE_PUBLISH_REQUESTS_PER_USER_PER_SECOND": "0",
        "GOOGLE_PUBLISH_WRITES_PER_CALENDAR_PER_SECOND": "0", "GOOGLE_PUBLISH_MAX_ATTEMPTS": "2",
        "GOOGLE_PUBLISH_BACKOFF_SECONDS": "0.01", "GOOGLE_PUBLISH_BACKOFF_MAX_SECONDS": "0.02",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return fake

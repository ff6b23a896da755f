"""Fixtures: a fake Google Calendar on loopback, the real client pointed at it, a fake clock."""
from __future__ import annotations

import pytest
from gcal_support import FakeClock

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


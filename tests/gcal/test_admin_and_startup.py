"""The gcal admin (pt-BR, read-only, never shows the token) and the start-up check of GOOGLE_* settings."""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from tests.gcal.web_support import approved

from webapp.gcal.models import CalendarSyncState, GoogleAuthorization, PublishRun
from webapp.gcal.startup import check_settings

PAGES = ["/admin/gcal/publishrun/", "/admin/gcal/googleauthorization/", "/admin/gcal/calendarsyncstate/"]


@pytest.fixture
def browser(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def records(coordinator):
    run = PublishRun.objects.create(version=approved([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")]),
                                    status=PublishRun.DONE, inserts=1, requested_by=coordinator)
    grant = GoogleAuthorization.objects.create(token=b"gAAAA-cifrado", authorized_by=coordinator,
                                               authorized_at=timezone.now())
    state = CalendarSyncState.objects.create(calendar_id="ana@clinica.test", time_min="a", time_max="b")
    return run, grant, state


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_a_coordinator(browser, records, page):
    assert browser.get(page).status_code == 200


def test_it_speaks_portuguese_and_never_shows_the_token(browser, records):
    _, grant, _ = records
    assert "Publicações no Google Agenda" in browser.get("/admin/").content.decode()
    html = browser.get(f"/admin/gcal/googleauthorization/{grant.pk}/change/").content.decode()
    assert "cifrado" not in html and "coord" in html


def test_records_are_read_only_and_a_viewer_may_read_them(browser, records, viewer):
    run, _, _ = records
    assert browser.get("/admin/gcal/publishrun/add/").status_code == 403
    assert 'name="_save"' not in browser.get(f"/admin/gcal/publishrun/{run.pk}/change/").content.decode()
    client = Client()
    client.force_login(viewer)
    assert client.get("/admin/gcal/publishrun/").status_code == 200


def test_there_is_one_authorization_at_most(records):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GoogleAuthorization.objects.create(id=2, token=b"x", authorized_at=timezone.now())


def test_a_bad_google_setting_stops_start_up(monkeypatch):
    monkeypatch.setenv("GOOGLE_PUBLISH_BATCH_SIZE", "99")
    with pytest.raises(ImproperlyConfigured, match="GOOGLE_PUBLISH_BATCH_SIZE"):
        check_settings()
    monkeypatch.setenv("GOOGLE_PUBLISH_BATCH_SIZE", "50")
    monkeypatch.setenv("GOOGLE_API_ROOT_URL", "http://calendar.example.com/")
    with pytest.raises(ImproperlyConfigured, match="GOOGLE_API_ROOT_URL"):
        check_settings()


def test_missing_credentials_do_not_stop_start_up(no_google):
    assert check_settings().auth_mode == "service_account"

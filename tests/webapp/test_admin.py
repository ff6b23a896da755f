"""The admin, in pt-BR, usable by a coordinator; frozen versions are read-only there too."""
import pytest
from django.test import Client

from tests.webapp.conftest import make_version
from webapp.clinic.models import Room

PAGES = [
    "/admin/",
    "/admin/clinic/site/",
    "/admin/clinic/site/add/",
    "/admin/clinic/room/",
    "/admin/clinic/professional/",
    "/admin/clinic/professional/add/",
    "/admin/clinic/rule/",
    "/admin/clinic/rule/add/",
    "/admin/clinic/pin/",
    "/admin/clinic/siteclosure/",
    "/admin/clinic/traveltime/",
    "/admin/schedules/scheduleversion/",
    "/admin/schedules/solverun/",
    "/admin/schedules/prompthistory/",
    "/admin/schedules/dailyconfirmation/",
]


@pytest.fixture
def browser(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_a_coordinator(browser, page):
    assert browser.get(page).status_code == 200


def test_it_speaks_portuguese(browser):
    html = browser.get("/admin/").content.decode()
    assert "Unidades" in html and "Premissas" in html and "Versões da agenda" in html


def test_a_viewer_reads_but_does_not_add(viewer):
    client = Client()
    client.force_login(viewer)
    assert client.get("/admin/clinic/room/").status_code == 200
    assert client.get("/admin/clinic/room/add/").status_code == 403


def test_a_published_version_is_read_only(browser):
    version = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    html = browser.get(f"/admin/schedules/scheduleversion/{version.pk}/change/").content.decode()
    assert 'name="_save"' not in html
    assert browser.post(f"/admin/schedules/scheduleversion/{version.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_rule_form_checks_the_kind(browser):
    response = browser.post(
        "/admin/clinic/rule/add/",
        {"code": "r-x", "kind": "room_reserved", "label": "Reserva", "active": "on", "room": str(Room.objects.get(code="sav-1").pk), "start": "", "end": ""},
    )
    assert "Este campo é obrigatório para este tipo de premissa." in response.content.decode()

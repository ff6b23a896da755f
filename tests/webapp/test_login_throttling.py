"""After LOGIN_FAILURE_LIMIT wrong passwords one user is locked from that address, with a pt-BR message,
on every way in: the dashboard's session login, the token login and the admin's login page."""
import pytest
from rest_framework.test import APIClient

LIMIT = 3


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def _session_login(client, password):
    client.get("/api/auth/session/")
    token = client.cookies["csrftoken"].value
    return client.post(
        "/api/auth/session/", {"username": "coord", "password": password}, format="json", HTTP_X_CSRFTOKEN=token
    )


def test_the_session_login_locks_after_the_limit_even_with_the_right_password(coordinator):
    client = APIClient(enforce_csrf_checks=True)
    answers = [_session_login(client, "errada").status_code for _ in range(LIMIT)]
    assert answers[:-1] == [400] * (LIMIT - 1) and answers[-1] == 429
    locked = _session_login(client, "senha-de-teste")
    assert locked.status_code == 429 and "bloqueado por 15 minutos" in locked.json()["detail"]
    assert client.get("/api/auth/session/").status_code == 401


def test_the_lock_is_per_address(coordinator):
    for _ in range(LIMIT):
        _session_login(APIClient(enforce_csrf_checks=True), "errada")
    elsewhere = APIClient(enforce_csrf_checks=True, REMOTE_ADDR="10.9.8.7")
    assert _session_login(elsewhere, "senha-de-teste").status_code == 200


def test_a_success_before_the_limit_resets_the_count(coordinator):
    client = APIClient(enforce_csrf_checks=True)
    for _ in range(LIMIT - 1):
        _session_login(client, "errada")
    assert _session_login(client, "senha-de-teste").status_code == 200
    assert _session_login(APIClient(enforce_csrf_checks=True), "errada").status_code == 400


def test_the_token_login_locks_too(coordinator):
    client = APIClient()
    for _ in range(LIMIT):
        client.post("/api/auth/token/", {"username": "coord", "password": "errada"}, format="json")
    locked = client.post("/api/auth/token/", {"username": "coord", "password": "senha-de-teste"}, format="json")
    assert locked.status_code == 429 and "Muitas tentativas" in locked.json()["detail"]


def test_the_admin_login_locks_too(coordinator, client):
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "coord", "password": "errada"})
    locked = client.post("/admin/login/", {"username": "coord", "password": "senha-de-teste"})
    assert locked.status_code == 429 and "Muitas tentativas de login" in locked.content.decode()

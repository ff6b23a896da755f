"""The dashboard's session login: JSON in, role out, CSRF enforced, logout."""
from rest_framework.test import APIClient


def _csrf_client():
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/auth/session/")  # sets the csrftoken cookie, as the dashboard page does
    return client, client.cookies["csrftoken"].value


def test_it_logs_in_and_answers_the_role(coordinator):
    client, token = _csrf_client()
    response = client.post("/api/auth/session/", {"username": "coord", "password": "senha-de-teste"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.json()
    assert response.json() == {"username": "coord", "role": "coordenador", "professional": None}
    assert client.get("/api/auth/session/").json()["role"] == "coordenador"


def test_it_refuses_a_wrong_password_in_portuguese(coordinator):
    client, token = _csrf_client()
    response = client.post("/api/auth/session/", {"username": "coord", "password": "errada"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert response.json() == {"detail": "Usuário ou senha incorretos."}
    assert client.get("/api/auth/session/").status_code == 401


def test_it_refuses_a_login_without_the_csrf_token(coordinator):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/auth/session/", {"username": "coord", "password": "senha-de-teste"}, format="json")
    assert response.status_code == 403


def test_it_refuses_a_user_without_a_role(nobody):
    client, token = _csrf_client()
    response = client.post("/api/auth/session/", {"username": "nobody", "password": "x"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert "perfil" in response.json()["detail"]


def test_it_names_the_missing_field(clinic):
    client, token = _csrf_client()
    response = client.post("/api/auth/session/", {"username": "coord"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert "password" in response.json()


def test_logout_ends_the_session(coordinator):
    client, token = _csrf_client()
    client.post("/api/auth/session/", {"username": "coord", "password": "senha-de-teste"}, format="json", HTTP_X_CSRFTOKEN=token)
    token = client.cookies["csrftoken"].value  # login rotates the token
    assert client.delete("/api/auth/session/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/api/auth/session/").status_code == 401

"""Session login for the dashboard and admin, token for API clients."""
from django.http import HttpRequest
from rest_framework.test import APIClient


def test_a_token_opens_the_api(coordinator):
    client = APIClient()
    token = client.post("/api/auth/token/", {"username": "coord", "password": "senha-de-teste"}, format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").json()["role"] == "coordenador"


def test_a_session_opens_the_api_and_the_admin(coordinator):
    client = APIClient()
    assert client.login(request=HttpRequest(), username="coord", password="senha-de-teste")  # axes needs a request
    assert client.get("/api/sites/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_gets_no_token(coordinator):
    response = APIClient().post("/api/auth/token/", {"username": "coord", "password": "errada"}, format="json")
    assert response.status_code == 400


def test_a_professional_without_a_linked_record_is_refused(clinic):
    from webapp.clinic.roles import do_create_user

    user = do_create_user("solto", "senha-de-teste", "profissional")
    client = APIClient()
    client.force_authenticate(user)
    assert client.get("/api/versions/").status_code == 403

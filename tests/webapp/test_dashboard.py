"""The dashboard's page at `/` and on its client-side routes; the API and admin stay theirs."""
import pytest


@pytest.fixture
def built(tmp_path, settings):
    (tmp_path / "index.html").write_text('<!doctype html><div id="root"></div><script src="/static/dashboard/assets/x.js"></script>')
    settings.DASHBOARD_DIR = tmp_path
    return tmp_path


def test_it_serves_the_built_page_at_the_root_and_sets_the_csrf_cookie(client, built, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<div id="root">' in response.content
    assert "csrftoken" in response.cookies


def test_client_routes_get_the_same_page(client, built, db):
    for path in ("/quadro", "/quadro/", "/execucoes", "/diff?de=1&para=2"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b'<div id="root">' in response.content


def test_the_api_and_admin_are_not_swallowed(client, built, db):
    assert client.get("/api/nao-existe/").status_code == 404
    assert client.get("/admin/login/").status_code == 200


def test_without_a_build_it_says_how_to_get_one(client, tmp_path, settings, db):
    settings.DASHBOARD_DIR = tmp_path / "missing"
    response = client.get("/")
    assert response.status_code == 503
    assert "make demo".encode() in response.content

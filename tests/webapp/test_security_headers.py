"""Every answer carries the security headers; the dashboard's page, the API and the docs alike."""
import pytest


@pytest.mark.parametrize("path", ["/", "/api/auth/session/", "/admin/login/"])
def test_every_page_sends_the_security_headers(client, db, path):
    answer = client.get(path)
    csp = answer["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp and "object-src 'none'" in csp
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["X-Frame-Options"] == "DENY"


def test_hsts_only_over_https(rf, settings):
    from django.http import HttpResponse
    from django.middleware.security import SecurityMiddleware

    assert settings.SECURE_HSTS_SECONDS == 0  # HTTPS off (the embedded default): no HSTS
    settings.SECURE_HSTS_SECONDS = 31_536_000  # what HTTPS=1 sets (test_settings_env checks that)
    middleware = SecurityMiddleware(lambda request: HttpResponse())
    assert "Strict-Transport-Security" not in middleware(rf.get("/"))
    assert middleware(rf.get("/", secure=True))["Strict-Transport-Security"] == "max-age=31536000"


def test_the_session_cookie_is_http_only_same_site_and_lasts_a_working_day(coordinator):
    from rest_framework.test import APIClient

    client = APIClient()
    answer = client.post("/api/auth/session/", {"username": "coord", "password": "senha-de-teste"}, format="json")
    cookie = answer.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 12 * 3600
    assert answer.cookies["csrftoken"]["samesite"] == "Lax"


def test_the_docs_come_from_the_package_not_a_cdn(as_viewer):
    for path in ("/api/docs/", "/api/redoc/"):
        page = as_viewer.get(path).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower() and "googleapis" not in page
    script = as_viewer.get("/api/docs/?script").content.decode()
    assert "SwaggerUIBundle" in script

"""GET /metrics: Prometheus text for a bearer of METRICS_TOKEN or an allowed address; 403 for anyone else."""
import pytest

TOKEN = "t" * 8 + "0123456789abcdefghij"


@pytest.fixture
def open_to_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


def test_it_refuses_without_the_token(client, db, open_to_token):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer errado").status_code == 403


def test_it_refuses_everyone_when_nothing_is_configured(client, db, settings):
    settings.METRICS_TOKEN = None
    settings.METRICS_ALLOWED_NETWORKS = []
    answer = client.get("/metrics")
    assert answer.status_code == 403 and "METRICS_TOKEN" in answer.content.decode()


def test_an_allowed_network_needs_no_token(client, db, settings):
    import ipaddress

    settings.METRICS_TOKEN = None
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    assert client.get("/metrics").status_code == 200  # the test client comes from 127.0.0.1


def test_it_counts_requests_and_the_domain(client, open_to_token, solved_version, coordinator):
    from webapp.schedules.models import PromptHistory

    PromptHistory.objects.create(prompt="bloqueie a sala 1", executor="offline", status="ok", created_by=coordinator)
    client.get("/health/")
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    text = answer.content.decode()
    assert "django_http_requests_total_by_method_total" in text  # django-prometheus: requests
    assert "django_db_execute_total" in text  # django-prometheus: the database
    assert 'agendador_solve_runs{kind="weekly",solver_status="OPTIMAL",status="done"} 1.0' in text
    assert 'agendador_solve_duration_seconds_count{kind="weekly"} 1.0' in text
    assert 'agendador_prompts{decision="pending",status="ok"} 1.0' in text
    assert "agendador_publish_runs" in text


def test_it_reports_the_wait_for_a_first_valid_week(client, open_to_token, solved_version):
    from webapp.schedules.models import SolveRun

    SolveRun.objects.filter(kind="weekly").update(stats={"first_solution_seconds": 0.4})
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'agendador_solve_first_solution_seconds_count{kind="weekly"} 1.0' in text
    assert 'agendador_solve_first_solution_seconds_sum{kind="weekly"} 0.4' in text
    assert 'agendador_solve_first_solution_seconds_count{kind="what_if"}' not in text  # no what-if ran

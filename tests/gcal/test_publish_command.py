"""manage.py publish_version VERSION_ID [--confirm-deletes]: pt-BR output, non-zero exit on failure."""
from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from tests.gcal.web_support import approved, make_version

from webapp.gcal.models import PublishRun

ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
BIA_MON = ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")
CAIO_FRI = ("p-caio", "lou-1", "2026-12-11", "13:00", "17:00")


def publish(*args):
    from io import StringIO

    out = StringIO()
    call_command("publish_version", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def version(google):
    return approved([ANA_MON, BIA_MON])


@pytest.fixture
def out(version):
    return publish(version.pk)


def test_it_prints_in_portuguese_which_version_was_published_and_what_was_created(out):
    assert "versão 1 da semana de 07/12/2026 publicada" in out and "2 evento(s) criado(s)" in out


def test_the_version_becomes_published(out, version):
    version.refresh_from_db()
    assert version.status == "published"


def test_a_run_from_the_command_line_was_requested_by_nobody(out):
    assert PublishRun.objects.get().requested_by is None


def test_it_asks_for_confirm_deletes_then_deletes(google):
    first = approved([ANA_MON, BIA_MON, CAIO_FRI])
    publish(first.pk)
    second = approved([ANA_MON], parent=first)
    with pytest.raises(CommandError, match="--confirm-deletes"):
        publish(second.pk)
    assert "2 apagado(s)" in publish(second.pk, "--confirm-deletes")
    second.refresh_from_db()
    assert second.status == "published" and len(google.events("caio@clinica.test")) == 0


def test_it_fails_for_a_draft_a_missing_version_and_without_google(google, monkeypatch):
    with pytest.raises(CommandError, match="rascunho"):
        publish(make_version([ANA_MON]).pk)
    with pytest.raises(CommandError, match="não existe"):
        publish(999999)
    monkeypatch.setenv("GOOGLE_AUTH_MODE", "service_account")
    with pytest.raises(CommandError, match="não está configurado"):
        publish(approved([ANA_MON]).pk)


def test_a_google_failure_exits_non_zero(google):
    google.inject("500", scope="any", method="POST", times=None)
    with pytest.raises(CommandError, match="erro"):
        publish(approved([ANA_MON]).pk)
    assert PublishRun.objects.get().status == "failed"

import datetime as dt

from webapp.clinic.holidays import belo_horizonte_holidays, closed_dates, holidays_between
from webapp.clinic.models import Site, SiteClosure


def test_belo_horizonte_has_its_own_holidays():
    assert belo_horizonte_holidays(2026) == {
        dt.date(2026, 6, 4): "Corpus Christi",
        dt.date(2026, 8, 15): "Assunção de Nossa Senhora",
        dt.date(2026, 12, 8): "Imaculada Conceição",
    }


def test_it_unites_national_state_and_city_holidays():
    found = holidays_between(dt.date(2026, 4, 1), dt.date(2026, 12, 31))
    assert found[dt.date(2026, 4, 21)].startswith("Execução de Tiradentes")  # Minas Gerais names it so
    assert found[dt.date(2026, 11, 20)].startswith("Dia Nacional de Zumbi")
    assert found[dt.date(2026, 12, 8)] == "Imaculada Conceição"
    assert found[dt.date(2026, 12, 25)] == "Natal"
    assert dt.date(2026, 12, 7) not in found


def test_a_site_can_open_on_a_holiday_and_close_on_another_day(db):
    site = Site.objects.create(code="savassi", name="Savassi")
    SiteClosure.objects.create(site=site, date=dt.date(2026, 12, 8), kind=SiteClosure.OPEN)
    SiteClosure.objects.create(site=site, date=dt.date(2026, 12, 10), reason="dedetização")
    week = closed_dates(site, dt.date(2026, 12, 7), dt.date(2026, 12, 13))
    assert week == {dt.date(2026, 12, 10): "dedetização"}


def test_a_site_may_ignore_holidays(db):
    site = Site.objects.create(code="lourdes", name="Lourdes", observe_holidays=False)
    assert closed_dates(site, dt.date(2026, 12, 7), dt.date(2026, 12, 13)) == {}

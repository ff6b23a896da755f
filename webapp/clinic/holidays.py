"""Which dates a site is closed: Brazil + Minas Gerais holidays, Belo Horizonte's own, per-site overrides."""
from __future__ import annotations

import datetime as dt

import holidays as holidays_lib
from dateutil.easter import easter


def belo_horizonte_holidays(year: int) -> dict[dt.date, str]:
    """Municipal holidays of Belo Horizonte (the `holidays` package has no BH subdivision)."""
    return {
        easter(year) + dt.timedelta(days=60): "Corpus Christi",
        dt.date(year, 8, 15): "Assunção de Nossa Senhora",
        dt.date(year, 12, 8): "Imaculada Conceição",
    }


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """National, Minas Gerais and Belo Horizonte holidays in [start, end], with their pt-BR names."""
    years = range(start.year, end.year + 1)
    found: dict[dt.date, str] = {}
    for day, name in holidays_lib.Brazil(subdiv="MG", years=years, language="pt_BR").items():
        found[day] = name
    for year in years:
        for day, name in belo_horizonte_holidays(year).items():
            found.setdefault(day, name)
    return {day: name for day, name in sorted(found.items()) if start <= day <= end}


def closed_dates(site, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The dates in [start, end] the site is closed, with the reason, after its own overrides."""
    from webapp.clinic.models import SiteClosure

    closed = holidays_between(start, end) if site.observe_holidays else {}
    for closure in SiteClosure.objects.filter(site=site, date__range=(start, end)):
        if closure.kind == SiteClosure.OPEN:
            closed.pop(closure.date, None)
        else:
            closed[closure.date] = closure.reason or "fechamento"
    return dict(sorted(closed.items()))

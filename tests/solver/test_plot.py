"""The week picture: SVG or PNG, names in the bars, closed days labelled."""
from __future__ import annotations

import datetime as dt

import pytest

from rules.instance import Allocation, parse_instance
from rules.schedule import Schedule
from solver.generate import generate
from solver.plot import day_label, plot_week, professional_colour


@pytest.fixture(scope="module")
def clinic():
    return parse_instance(generate("s", 0))


def test_it_writes_an_svg_with_a_professionals_name_and_the_closed_holiday(clinic, tmp_path):
    path = tmp_path / "semana.svg"
    longest = max(clinic.pins, key=lambda a: a.minutes)

    plot_week(clinic, Schedule(clinic.pins), path)

    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert clinic.professionals[longest.professional].name in text
    assert "fechado" in text
    assert "Ter 08/12" in text and "Savassi" in text


def test_it_writes_a_png_when_asked_by_the_suffix(clinic, tmp_path):
    path = tmp_path / "semana.png"
    plot_week(clinic, Schedule(clinic.pins), str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_it_rejects_other_formats(clinic, tmp_path):
    with pytest.raises(ValueError):
        plot_week(clinic, Schedule(), tmp_path / "semana.jpg")


def test_the_same_week_gives_the_same_svg(clinic, tmp_path):
    plot_week(clinic, Schedule(clinic.pins), tmp_path / "a.svg")
    plot_week(clinic, Schedule(clinic.pins), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_a_professional_keeps_one_colour():
    assert professional_colour("p-ana-souza") == professional_colour("p-ana-souza")
    assert len({professional_colour(f"p-{i}") for i in range(40)}) > 20


def test_days_are_labelled_in_portuguese():
    assert day_label(dt.date(2026, 12, 7)) == "Seg 07/12"
    assert day_label(dt.date(2026, 12, 12)) == "Sáb 12/12"


def test_a_shared_room_over_capacity_and_an_empty_week_do_not_crash(clinic, tmp_path):
    gym = next(r for r in clinic.rooms.values() if "ginasio" in r.kinds)
    day = clinic.week_start + dt.timedelta(days=2)
    physios = [p.id for p in clinic.professionals.values() if p.room_kind == "ginasio"]
    crowd = [Allocation(day, 8 * 60, 11 * 60, pid, gym.id) for pid in physios[: gym.capacity + 1]]
    plot_week(clinic, Schedule(crowd), tmp_path / "crowd.png")
    plot_week(clinic, Schedule(), tmp_path / "empty.svg")
    assert (tmp_path / "crowd.png").stat().st_size > 0 and (tmp_path / "empty.svg").stat().st_size > 0


def test_a_big_clinic_draws_its_first_units_and_says_so(tmp_path):
    inst = parse_instance(generate("l", 0))
    path = tmp_path / "semana.svg"
    plot_week(inst, Schedule(inst.pins), path, max_sites=2)
    text = path.read_text(encoding="utf-8")
    assert "2 de 3 unidades" in text
    assert "Lourdes" in text and "Funcionários" not in text

"""A small clinic week for the prompt tests: two units, look-alike rooms, two people called Lucas."""
import copy

WEEK = {
    "format": "agendador.instance/1",
    "week_start": "2026-12-07",
    "grain_minutes": 30,
    "sites": [
        {"id": "savassi", "name": "Savassi",
         "opening_hours": {d: ["07:00", "21:00"] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["08:00", "13:00"]}},
        {"id": "lourdes", "name": "Lourdes",
         "opening_hours": {d: ["07:00", "19:00"] for d in ("mon", "tue", "wed", "thu", "fri")}},
    ],
    "rooms": [
        {"id": "sav-1", "site": "savassi", "name": "Consultório 1", "kinds": ["consultorio"]},
        {"id": "sav-2", "site": "savassi", "name": "Consultório 2", "kinds": ["consultorio"]},
        {"id": "sav-3", "site": "savassi", "name": "Consultório 3", "kinds": ["consultorio"]},
        {"id": "sav-gin", "site": "savassi", "name": "Ginásio", "kinds": ["ginasio"], "capacity": 2},
        {"id": "lou-1", "site": "lourdes", "name": "Consultório 1", "kinds": ["consultorio"]},
        {"id": "lou-4", "site": "lourdes", "name": "Sala 4", "kinds": ["consultorio"]},
        {"id": "lou-grupo", "site": "lourdes", "name": "Sala de grupo", "kinds": ["grupo", "consultorio"]},
    ],
    "professionals": [
        {"id": "p-ana", "name": "Ana Souza", "room_kind": "consultorio", "max_weekly_hours": 24},
        {"id": "p-bruno", "name": "Bruno Alves", "room_kind": "consultorio"},
        {"id": "p-carla", "name": "Carla Dias", "room_kind": "consultorio"},
        {"id": "p-joao", "name": "João Pereira", "room_kind": "consultorio"},
        {"id": "p-lucas-prado", "name": "Lucas Prado", "room_kind": "consultorio"},
        {"id": "p-lucas-moreira", "name": "Lucas Moreira", "room_kind": "consultorio"},
        {"id": "p-marcia", "name": "Márcia Gonçalves", "room_kind": "consultorio"},
        {"id": "p-bia", "name": "Beatriz Lima", "room_kind": "ginasio",
         "availability": [{"weekday": "mon", "start": "08:00", "end": "12:00"},
                          {"weekday": "thu", "start": "13:00", "end": "18:00"}]},
    ],
    "rules": [
        {"id": "r-1", "kind": "room_block", "label": "Consultório 2 em manutenção", "room": "sav-2",
         "date": "2026-12-09", "start": "13:00", "end": "17:00"},
        {"id": "r-2", "kind": "hours_limit", "label": "Bia: máximo 10 h", "professional": "p-bia", "max_weekly_hours": 10},
    ],
    "pins": [{"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00",
              "source": "manual"}],
    "previous": [
        {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"},
        {"professional": "p-ana", "room": "sav-1", "date": "2026-12-08", "start": "14:00", "end": "18:00"},
        {"professional": "p-bruno", "room": "sav-3", "date": "2026-12-12", "start": "08:00", "end": "12:00"},
        {"professional": "p-carla", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00"},
        {"professional": "p-joao", "room": "lou-1", "date": "2026-12-09", "start": "08:00", "end": "12:00"},
        {"professional": "p-lucas-prado", "room": "lou-1", "date": "2026-12-10", "start": "13:00", "end": "17:00"},
        {"professional": "p-marcia", "room": "sav-2", "date": "2026-12-11", "start": "14:00", "end": "18:00"},
    ],
}  # fmt: skip


def week() -> dict:
    return copy.deepcopy(WEEK)

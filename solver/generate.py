"""Realistic instances of format v1 for a multi-unit clinic in Belo Horizonte.

`generate(size, seed)` is the demo and benchmark data: Savassi first, then
Lourdes, Funcionários and five more neighbourhoods as the size grows. Everything
comes from one ``random.Random(seed)``, so a (size, seed, shape) triple always
yields the same document. The clinic is deliberately short of rooms: for every
room kind the professionals' target hours exceed what the rooms can give while
they are available, so the solver always has a shortfall to share out.

A `Shape` bends the clinic away from the default (more units, specialist rooms,
denser pins, sparse availability, tighter minima, people at several units, a
bigger Saturday rota, units closed for a day); `Shape()` is the default clinic,
the very document the size and seed gave before shapes existed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rules.catalogue import DEFAULT_WEIGHTS
from rules.schema import INSTANCE_FORMAT
from rules.timeutil import WEEKDAYS, fmt_time, subtract, union

GRAIN = 30
DEFAULT_WEEK_START = dt.date(2026, 12, 7)  # the week of 8 Dec, Imaculada Conceição (BH holiday)
WEEKDAYS_OPEN = WEEKDAYS[:5]
SLOTS_PER_DAY = 24 * 60 // GRAIN

# A generated clinic keeps demand / usable room time per room kind inside this band.
DEMAND_RATIO = (1.25, 1.55)
HIRING_GOAL = (1.25, 1.4)  # demand / usable room time a room kind is hired up to (drawn per kind)
SATURDAY_ROTA = (2, 3)  # professionals per unit on the Saturday rota, by default
MAX_SITES = 8


@dataclass(frozen=True)
class Shape:
    """How a generated clinic departs from the default one (every default = the default clinic).

    - `sites`: number of units (1–8); the size's consulting rooms are spread over them.
    - `specialist_kinds`: extra specialist room kinds (0–3: sala infantil, sala de
      procedimentos, sala de estimulação), each with its own profession;
      `specialist_share`: the share of each unit's consulting rooms that become
      specialist rooms when there are any.
    - `pin_share`: share of professionals with a manual weekday pin (None: one or two pins).
    - `sparsity`: chance that each weekday window of a professional's availability is
      dropped (at least one stays); above 0 nobody is available "whenever open".
    - `demand`: multiplies the demand / usable room time ratio (1.0 default, 2.0 = twice as tight).
    - `minimum_share`: minimum weekly hours as a share of the target (None: 8–16 h).
    - `multi_site`: share of professionals who prefer two or three units; with any, the
      clinic-wide rule allows two units a day (travel time then matters).
    - `saturday`: professionals per unit on the Saturday rota (None: two or three).
    - `closures`: unit-days closed on a weekday (a reform, a disinfection), on top of holidays.
    """

    sites: int | None = None
    specialist_kinds: int = 0
    specialist_share: float = 0.3
    pin_share: float | None = None
    sparsity: float = 0.0
    demand: float = 1.0
    minimum_share: float | None = None
    multi_site: float = 0.0
    saturday: int | None = None
    closures: int = 0

    def __post_init__(self) -> None:
        # Messages in pt-BR: they reach the coordinator through `agendador generate`.
        if self.sites is not None and not 1 <= self.sites <= MAX_SITES:
            raise ValueError(f"sites deve estar entre 1 e {MAX_SITES} (recebido {self.sites})")
        if not 0 <= self.specialist_kinds <= len(_SPECIALIST_KINDS):
            raise ValueError(f"specialist_kinds deve estar entre 0 e {len(_SPECIALIST_KINDS)} (recebido {self.specialist_kinds})")
        for name in ("specialist_share", "sparsity", "multi_site"):
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"{name} deve estar em [0, 1) (recebido {getattr(self, name)})")
        for name in ("pin_share", "minimum_share"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} deve estar em [0, 1] (recebido {value})")
        if self.demand <= 0:
            raise ValueError(f"demand deve ser positivo (recebido {self.demand})")
        for name in ("saturday", "closures"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} não pode ser negativo (recebido {value})")


@dataclass(frozen=True)
class _SiteSpec:
    id: str
    prefix: str
    name: str
    opens: str
    closes: str
    saturday: tuple[str, str] | None
    lat: float
    lon: float


# Neighbourhoods in the order a growing clinic would open them; only the first two open on Saturdays.
_SITES = (
    _SiteSpec("savassi", "sav", "Savassi", "07:00", "21:00", ("08:00", "13:00"), -19.9385, -43.9350),
    _SiteSpec("lourdes", "lou", "Lourdes", "07:00", "20:30", ("08:00", "13:00"), -19.9290, -43.9460),
    _SiteSpec("funcionarios", "fun", "Funcionários", "07:30", "21:00", None, -19.9330, -43.9280),
    _SiteSpec("buritis", "bur", "Buritis", "07:00", "20:00", None, -19.9740, -43.9690),
    _SiteSpec("pampulha", "pam", "Pampulha", "08:00", "20:00", None, -19.8560, -43.9700),
    _SiteSpec("santa-efigenia", "sef", "Santa Efigênia", "07:00", "19:30", None, -19.9210, -43.9220),
    _SiteSpec("castelo", "cas", "Castelo", "08:00", "20:00", None, -19.8850, -44.0000),
    _SiteSpec("barreiro", "bar", "Barreiro", "07:00", "19:00", None, -19.9760, -44.0230),
)


# Consulting rooms per unit, in `_SITES` order; every unit also has a gym and a group room.
# Professionals are hired until the rooms are scarce, which gives about 17, 60, 150 and
# 690 of them: a room serves roughly 3.5 professionals across a 14-hour day.
SIZES: dict[str, tuple[int, ...]] = {
    "s": (3,),
    "m": (7, 6),
    "l": (13, 12, 11),
    "xl": (27, 25, 24, 22, 22, 21, 21, 22),
}

# Holidays that close every unit: national (closed_dates) and Belo Horizonte's own (site_closed rules).
_NATIONAL = {
    (1, 1): "Confraternização Universal",
    (4, 21): "Tiradentes",
    (5, 1): "Dia do Trabalho",
    (9, 7): "Independência do Brasil",
    (10, 12): "Nossa Senhora Aparecida",
    (11, 2): "Finados",
    (11, 15): "Proclamação da República",
    (11, 20): "Dia da Consciência Negra",
    (12, 25): "Natal",
}
_MUNICIPAL_BH = {
    (8, 15): "Assunção de Nossa Senhora",
    (12, 8): "Imaculada Conceição",
}

_FEMALE = (
    "Ana", "Beatriz", "Camila", "Carolina", "Cecília", "Clara", "Daniela", "Débora", "Eduarda", "Elisa",
    "Fernanda", "Flávia", "Gabriela", "Helena", "Isabela", "Joana", "Júlia", "Juliana", "Larissa", "Laura",
    "Letícia", "Lívia", "Luana", "Luciana", "Mariana", "Marina", "Natália", "Patrícia", "Paula", "Priscila",
    "Raquel", "Renata", "Sofia", "Tatiane", "Thaís", "Vanessa", "Vitória", "Yasmin", "Aline", "Bruna",
)
_MALE = (
    "André", "Antônio", "Bruno", "Caio", "Carlos", "Daniel", "Diego", "Eduardo", "Felipe", "Fernando",
    "Gabriel", "Guilherme", "Gustavo", "Henrique", "Igor", "João", "José", "Leonardo", "Lucas", "Luiz",
    "Marcelo", "Marcos", "Mateus", "Paulo", "Pedro", "Rafael", "Renato", "Ricardo", "Rodrigo", "Thiago",
    "Vinícius", "Vítor", "Otávio", "Heitor", "Davi", "Samuel", "Murilo", "Arthur", "Fábio", "Sérgio",
)
_SURNAMES = (
    "Silva", "Souza", "Oliveira", "Santos", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento", "Lima",
    "Araújo", "Fernandes", "Carvalho", "Gomes", "Martins", "Rocha", "Ribeiro", "Alves", "Monteiro", "Mendes",
    "Barros", "Freitas", "Barbosa", "Pinto", "Moura", "Cavalcanti", "Dias", "Castro", "Campos", "Cardoso",
    "Teixeira", "Vieira", "Resende", "Drummond", "Guimarães", "Andrade", "Lacerda", "Coelho", "Figueiredo",
    "Magalhães", "Queiroz", "Batista", "Moreira", "Assis", "Fonseca", "Brandão", "Tavares", "Lopes", "Prado",
)


@dataclass(frozen=True)
class _Profession:
    code: str
    room_kind: str
    share: float  # weight among the professions of the same room kind
    patterns: dict[str, float]  # availability pattern -> weight


_PROFESSIONS = (
    _Profession("psicologia", "consultorio", 0.40,
                {"manha": 2, "tarde": 3, "noite": 3, "dias": 2, "alternado": 1, "livre": 1}),
    # Physiotherapy crowds the gym in the morning, as in most clinics.
    _Profession("fisioterapia", "ginasio", 1.0, {"manha": 1}),
    _Profession("nutricao", "consultorio", 0.12, {"manha": 3, "tarde": 3, "dias": 3, "livre": 1}),
    _Profession("medicina", "consultorio", 0.16, {"dias": 5, "manha": 2, "tarde": 2, "livre": 1}),
    _Profession("fonoaudiologia", "consultorio", 0.12, {"manha": 3, "tarde": 3, "alternado": 2, "livre": 1}),
)


# Specialist rooms a shape may add, in order: (room kind, room name, profession).
_SPECIALIST_KINDS = (
    ("infantil", "Sala infantil",
     _Profession("psicologia-infantil", "infantil", 1.0, {"tarde": 3, "manha": 2, "dias": 1})),
    ("procedimentos", "Sala de procedimentos",
     _Profession("dermatologia", "procedimentos", 1.0, {"dias": 3, "manha": 2, "tarde": 2})),
    ("estimulacao", "Sala de estimulação",
     _Profession("terapia-ocupacional", "estimulacao", 1.0, {"manha": 2, "tarde": 2, "alternado": 1})),
)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holidays_in_week(week_start: dt.date) -> list[tuple[dt.date, str, bool]]:
    """(date, name, municipal) for Belo Horizonte holidays in the 7 days from `week_start`."""
    out = []
    for offset in range(7):
        day = week_start + dt.timedelta(days=offset)
        easter = _easter(day.year)
        if (day.month, day.day) in _NATIONAL:
            out.append((day, _NATIONAL[(day.month, day.day)], False))
        elif day == easter - dt.timedelta(days=2):
            out.append((day, "Sexta-feira da Paixão", False))
        elif (day.month, day.day) in _MUNICIPAL_BH:
            out.append((day, _MUNICIPAL_BH[(day.month, day.day)], True))
        elif day == easter + dt.timedelta(days=60):
            out.append((day, "Corpus Christi", True))
    return out


def _rule_applies(rule: dict[str, Any], day: dt.date) -> bool:
    if "date" in rule:
        return rule["date"] == day.isoformat()
    return rule.get("weekday", WEEKDAYS[day.weekday()]) == WEEKDAYS[day.weekday()]


def _rule_window(rule: dict[str, Any]) -> tuple[int, int]:
    return _minutes(rule.get("start", "00:00")), _minutes(rule.get("end", "24:00"))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace(".", "").split())


def _travel_minutes(a: _SiteSpec, b: _SiteSpec) -> int:
    """Driving time across BH from straight-line distance: 15 min next door, 40 across town."""
    km_lat = (a.lat - b.lat) * 111.0
    km_lon = (a.lon - b.lon) * 111.0 * math.cos(math.radians(a.lat))
    km = math.hypot(km_lat, km_lon)
    return max(15, min(40, 5 * round((10 + 2.4 * km) / 5)))


@dataclass
class _Prof:
    id: str
    name: str
    profession: _Profession
    home: str
    availability: list[dict[str, str]]
    min_h: float = 0
    target_h: float = 0
    max_h: float = 0
    max_daily_h: int = 8
    min_block: int = 60
    preferred_sites: list[str] = field(default_factory=list)
    preferred_rooms: list[str] = field(default_factory=list)
    calendar_id: str | None = None

    @property
    def room_kind(self) -> str:
        return self.profession.room_kind


class _Clinic:
    """Builds one document step by step; every step draws from the same generator."""

    def __init__(self, size: str, rng: random.Random, week_start: dt.date, shape: Shape):
        self.shape = shape
        self.consultorios = _spread(SIZES[size], shape.sites)
        self.rng = rng
        self.week_start = week_start
        self.dates = [week_start + dt.timedelta(days=i) for i in range(7)]
        self.site_specs = _SITES[: len(self.consultorios)]
        self.holidays = holidays_in_week(week_start)
        self.closed = {day for day, _name, _municipal in self.holidays}
        self.site_closed: set[tuple[str, dt.date]] = set()  # a shape's closures: (unit, date)
        self.specialists = _SPECIALIST_KINDS[: shape.specialist_kinds]
        self.professions = _PROFESSIONS + tuple(profession for _kind, _name, profession in self.specialists)
        self.hours: dict[str, dict[str, tuple[int, int]]] = {}
        self.rooms: list[dict[str, Any]] = []
        self.profs: list[_Prof] = []
        self.pins: list[dict[str, Any]] = []
        self.rules: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ sites and rooms

    def build_sites(self) -> list[dict[str, Any]]:
        sites = []
        for spec in self.site_specs:
            hours = {wd: (_minutes(spec.opens), _minutes(spec.closes)) for wd in WEEKDAYS_OPEN}
            if spec.saturday:
                hours["sat"] = (_minutes(spec.saturday[0]), _minutes(spec.saturday[1]))
            self.hours[spec.id] = hours
            national = sorted(day.isoformat() for day, _name, municipal in self.holidays if not municipal)
            sites.append(
                {
                    "id": spec.id,
                    "name": spec.name,
                    "opening_hours": {wd: [fmt_time(s), fmt_time(e)] for wd, (s, e) in hours.items()},
                    "closed_dates": national,
                }
            )
        return sites

    def build_travel(self) -> list[dict[str, Any]]:
        return [
            {"from": a.id, "to": b.id, "minutes": _travel_minutes(a, b)}
            for i, a in enumerate(self.site_specs)
            for b in self.site_specs[i + 1 :]
        ]

    def build_rooms(self) -> None:
        single_unit = len(self.site_specs) == 1
        for spec, consultorios in zip(self.site_specs, self.consultorios):
            for n in range(1, consultorios + 1):
                self.rooms.append(
                    {"id": f"{spec.prefix}-{n}", "site": spec.id, "name": f"Consultório {n}",
                     "kinds": ["consultorio"], "capacity": 1}
                )
            self.rooms.append(
                {"id": f"{spec.prefix}-gin", "site": spec.id, "name": "Ginásio",
                 "kinds": ["ginasio"], "capacity": 2 if len(self.site_specs) <= 2 else self.rng.randint(2, 4)}
            )
            self.rooms.append(
                {"id": f"{spec.prefix}-grupo", "site": spec.id, "name": "Sala de grupo",
                 "kinds": ["grupo", "consultorio"], "capacity": 1 if single_unit else self.rng.randint(1, 2)}
            )
        self._specialist_rooms()

    def _specialist_rooms(self) -> None:
        """A shape's specialist kinds take over a share of each unit's consulting rooms (at least one each)."""
        if not self.specialists:
            return
        for spec in self.site_specs:
            consulting = [r for r in self.rooms if r["site"] == spec.id and r["kinds"] == ["consultorio"]]
            turned = max(len(self.specialists), round(self.shape.specialist_share * len(consulting)))
            turned = min(turned, len(consulting) - 1)  # a unit keeps a consulting room
            for n, room in enumerate(consulting[len(consulting) - turned :]):
                kind, name, _profession = self.specialists[n % len(self.specialists)]
                room["kinds"] = [kind]
                room["name"] = f"{name} {room['name'].rsplit(' ', 1)[-1]}"

    def site_rooms(self, site: str, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.rooms if r["site"] == site and kind in r["kinds"]]

    def opening(self, site: str, day: dt.date) -> tuple[int, int] | None:
        if day in self.closed or (site, day) in self.site_closed:
            return None
        return self.hours[site].get(WEEKDAYS[day.weekday()])

    # ------------------------------------------------------------------ professionals

    def _name(self, taken: set[str]) -> tuple[str, str]:
        while True:
            female = self.rng.random() < 0.62  # health professions in BH are mostly women
            first = self.rng.choice(_FEMALE if female else _MALE)
            surname = self.rng.choice(_SURNAMES)
            if self.rng.random() < 0.3:
                middle = self.rng.choice(_SURNAMES)
                surname = surname if middle == surname else f"{middle} {surname}"
            name = f"{first} {surname}"
            if _slug(name) not in taken:  # ids and calendar addresses come from the slug
                taken.add(_slug(name))
                return name, "Dra." if female else "Dr."

    def _availability(self, pattern: str) -> list[dict[str, str]]:
        rng = self.rng

        def days(k_min: int, k_max: int) -> list[str]:
            chosen = rng.sample(WEEKDAYS_OPEN, rng.randint(k_min, k_max))
            return [wd for wd in WEEKDAYS_OPEN if wd in chosen]

        def windows(weekdays: list[str], start: str, end: str) -> list[dict[str, str]]:
            return [{"weekday": wd, "start": start, "end": end} for wd in weekdays]

        if pattern == "livre":
            return []
        if pattern == "manha":
            return windows(days(4, 5), rng.choice(["07:00", "07:30", "08:00"]), rng.choice(["12:30", "13:00", "13:30"]))
        if pattern == "tarde":
            return windows(days(4, 5), rng.choice(["12:30", "13:00", "13:30"]), rng.choice(["18:30", "19:00"]))
        if pattern == "noite":
            return windows(days(4, 5), rng.choice(["14:30", "15:00", "15:30"]), rng.choice(["20:30", "21:00"]))
        if pattern == "dias":
            return windows(days(3, 3), rng.choice(["07:00", "07:30", "08:00"]), rng.choice(["18:00", "18:30", "19:00"]))
        if pattern == "alternado":
            # Mornings on Monday, Wednesday and Friday; afternoons on Tuesday and Thursday.
            morning = windows(["mon", "wed", "fri"], "08:00", "12:00")
            afternoon = windows(["tue", "thu"], "13:00", "18:00")
            return sorted(morning + afternoon, key=lambda w: WEEKDAYS.index(w["weekday"]))
        raise ValueError(pattern)

    def free_windows(self, prof: _Prof, day: dt.date) -> list[tuple[int, int]]:
        """The professional's windows on a date: availability minus `unavailable` rules so far."""
        if prof.availability:
            wd = WEEKDAYS[day.weekday()]
            windows = union(
                [
                    (_minutes(w["start"]), _minutes(w["end"]))
                    for w in prof.availability
                    if w.get("weekday") == wd or w.get("date") == day.isoformat()
                ]
            )
        else:
            windows = [(0, 24 * 60)]
        for rule in self.rules:
            if rule["kind"] == "unavailable" and rule["professional"] == prof.id and _rule_applies(rule, day):
                windows = subtract(windows, [_rule_window(rule)])
        return windows

    def _weekly_available_minutes(self, prof: _Prof) -> int:
        """Minutes the professional could work at home in a normal week (holidays ignored)."""
        total = 0
        for day in self.dates:
            opening = self.hours[prof.home].get(WEEKDAYS[day.weekday()])
            if opening is None:
                continue
            for s, e in self.free_windows(prof, day):
                total += max(0, min(e, opening[1]) - max(s, opening[0]))
        return total

    def build_professionals(self) -> None:
        """Hire professionals until, for every room kind, they want more than the rooms can give.

        Each kind draws its own goal; the next hire goes to the kind furthest below it.
        The room layout is fixed by the size, so the head count follows from it.
        """
        rng = self.rng
        kinds = sorted({p.room_kind for p in self.professions})
        goal = {k: rng.uniform(*HIRING_GOAL) * self.shape.demand for k in kinds}
        meters = {k: _UsageMeter(self, k) for k in kinds}
        open_kinds = [k for k in kinds if meters[k].capacity_minutes > 0]
        names: set[str] = set()
        while open_kinds:
            kind = min(open_kinds, key=lambda k: meters[k].saturation / goal[k])
            prof = self._new_professional(kind, names)
            meters[kind].add(prof)
            self.profs.append(prof)
            if meters[kind].saturation >= goal[kind]:
                open_kinds.remove(kind)

    def calibrate_demand(self) -> None:
        """Nudge target hours so every kind ends inside `DEMAND_RATIO` once rules and pins exist.

        Absences and room blocks shrink the usable time after hiring, Saturday and make-up
        windows grow it; small clinics feel each of those, so targets absorb the drift an
        hour at a time, largest targets first when too high, smallest first when too low.
        """
        low, high = (self.shape.demand * bound for bound in DEMAND_RATIO)
        for kind in sorted({p.room_kind for p in self.profs}):
            meter = _UsageMeter(self, kind)
            for prof in self.profs:
                if prof.room_kind == kind:
                    meter.add(prof)
            profs = meter.profs
            while meter.demand > high * meter.usable:
                prof = max(profs, key=lambda p: (p.target_h, p.id))
                if prof.target_h <= 10:
                    break
                prof.target_h -= 1
                prof.min_h = min(prof.min_h, prof.target_h)
                meter.demand -= 60
            while meter.demand < low * meter.usable:
                prof = min(profs, key=lambda p: (p.target_h, p.id))
                if prof.target_h >= 30:
                    break
                prof.target_h += 1
                prof.max_h = max(prof.max_h, prof.target_h + 4)
                meter.demand += 60

    def _new_professional(self, kind: str, names: set[str]) -> _Prof:
        rng = self.rng
        candidates = [p for p in self.professions if p.room_kind == kind]
        profession = rng.choices(candidates, weights=[p.share for p in candidates])[0]
        name, title = self._name(names)
        sites = [s.id for s in self.site_specs]
        home = rng.choices(sites, weights=[sum(r["capacity"] for r in self.site_rooms(s, kind)) for s in sites])[0]
        pattern = rng.choices(list(profession.patterns), weights=list(profession.patterns.values()))[0]
        if self.shape.sparsity and pattern == "livre":
            pattern = "dias"  # sparse availability: nobody is free whenever the clinic is open
        availability = self._thin(self._availability(pattern))
        prof = _Prof(f"p-{_slug(name)}", f"{title} {name}" if profession.code == "medicina" else name,
                     profession, home, availability)
        prof.calendar_id = f"{_slug(name).replace('-', '.')}@clinica.example"
        self._hours(prof)
        self._preferences(prof)
        return prof

    def _thin(self, windows: list[dict[str, str]]) -> list[dict[str, str]]:
        """A shape's sparsity drops weekday windows at random, keeping at least one."""
        if not self.shape.sparsity or len(windows) <= 1:
            return windows
        kept = [w for w in windows if self.rng.random() >= self.shape.sparsity]
        return kept or [self.rng.choice(windows)]

    def _hours(self, prof: _Prof) -> None:
        rng = self.rng
        available_h = self._weekly_available_minutes(prof) / 60
        if prof.availability:
            target = float(min(30, max(12, math.floor(rng.uniform(0.8, 1.0) * available_h))))
        else:
            target = float(rng.randint(20, 30))
        prof.target_h = target
        prof.min_h = float(min(target, rng.randint(8, 16)))
        if self.shape.minimum_share is not None:
            prof.min_h = float(round(self.shape.minimum_share * target))
        prof.max_h = target + rng.randint(4, 8)
        prof.max_daily_h = rng.randint(6, 10)
        shortest = min(
            (_minutes(w["end"]) - _minutes(w["start"]) for w in prof.availability), default=24 * 60
        )
        blocks = [m for m in range(60, 181, 30) if m <= shortest]
        prof.min_block = rng.choice(blocks)

    def _preferences(self, prof: _Prof) -> None:
        rng = self.rng
        others = [s.id for s in self.site_specs if s.id != prof.home]
        if self.shape.multi_site and others and rng.random() < self.shape.multi_site:
            # Works at several units: home and one or two others, any of them on a day.
            prof.preferred_sites = [prof.home, *rng.sample(others, min(len(others), rng.randint(1, 2)))]
            return
        if rng.random() < 0.8:
            prof.preferred_sites = [prof.home]
            others = [s.id for s in self.site_specs if s.id != prof.home]
            if others and rng.random() < 0.25:
                prof.preferred_sites.append(rng.choice(others))

    def add_preferred_rooms(self) -> None:
        for prof in self.profs:
            if prof.preferred_sites and self.rng.random() < 0.25:
                rooms = [r["id"] for r in self.site_rooms(prof.preferred_sites[0], prof.room_kind)]
                prof.preferred_rooms = sorted(self.rng.sample(rooms, min(len(rooms), self.rng.randint(1, 2))))

    def add_date_windows(self) -> None:
        """A few professionals cover an extra period on one date (make-up sessions)."""
        rng = self.rng
        days = [d for d in self.dates[:5] if d not in self.closed]
        with_windows = [p for p in self.profs if p.availability]
        if not days:
            return
        for prof in rng.sample(with_windows, min(len(with_windows), max(1, len(self.profs) // 40))):
            start, end = rng.choice([("07:00", "10:00"), ("18:00", "21:00"), ("12:00", "15:00")])
            prof.availability.append({"date": rng.choice(days).isoformat(), "start": start, "end": end})

    # ------------------------------------------------------------------ pins

    def _room_has_space(self, room: dict[str, Any], day: dt.date, start: int, end: int) -> bool:
        # Any overlap counts as a full seat taken: simpler than a sweep and still safe.
        taken = sum(
            1
            for pin in self.pins
            if pin["room"] == room["id"] and pin["date"] == day.isoformat()
            and _minutes(pin["start"]) < end and start < _minutes(pin["end"])
        )
        return taken < room["capacity"]

    def pinned_ids(self) -> set[str]:
        return {pin["professional"] for pin in self.pins}

    def _pin(self, prof: _Prof, room: dict[str, Any], day: dt.date, start: int, end: int, source: str) -> None:
        self.pins.append(
            {"professional": prof.id, "room": room["id"], "date": day.isoformat(),
             "start": fmt_time(start), "end": fmt_time(end), "source": source}
        )

    def build_saturday_rota(self) -> None:
        """Saturday mornings are staffed by hand: a few professionals per unit that opens."""
        rng = self.rng
        saturday = self.week_start + dt.timedelta(days=5)
        for site in self.site_specs:
            opening = self.opening(site.id, saturday)
            if opening is None:
                continue
            locals_ = [p for p in self.profs if p.home == site.id and p.id not in self.pinned_ids()]
            rota = self.shape.saturday if self.shape.saturday is not None else rng.randint(*SATURDAY_ROTA)
            for prof in rng.sample(locals_, min(len(locals_), rota)):
                start = opening[0] + rng.choice([0, 0, 60])
                end = opening[1] - rng.choice([0, 0, 60]) if start == opening[0] else opening[1]
                if not prof.min_block <= end - start <= prof.max_daily_h * 60:
                    continue
                rooms = self.site_rooms(site.id, prof.room_kind)
                room = next((r for r in rooms if self._room_has_space(r, saturday, start, end)), None)
                if room is None:
                    continue
                if prof.availability:  # the rota is their one Saturday this week
                    prof.availability.append(
                        {"date": saturday.isoformat(), "start": fmt_time(opening[0]), "end": fmt_time(opening[1])}
                    )
                self._pin(prof, room, saturday, start, end, "saturday")

    def build_manual_pins(self) -> None:
        """One or two weekday entries the coordinator made by hand (e.g. a swap agreed by phone)."""
        rng = self.rng
        wanted = 1 if len(self.profs) < 30 else 2
        if self.shape.pin_share is not None:
            wanted = round(self.shape.pin_share * len(self.profs))
        days = [d for d in self.dates[:5] if d not in self.closed]
        candidates = [p for p in self.profs if p.availability and p.id not in self.pinned_ids()]
        placed = 0
        for prof in rng.sample(candidates, len(candidates)):
            if placed == wanted or not days:
                break
            day = rng.choice(days)
            site = prof.preferred_sites[0] if prof.preferred_sites else prof.home
            opening = self.opening(site, day)
            if opening is None:
                continue
            windows = [
                (max(s, opening[0]), min(e, opening[1]))
                for s, e in self.free_windows(prof, day)
                if min(e, opening[1]) - max(s, opening[0]) >= prof.min_block
            ]
            if not windows:
                continue
            lo, hi = rng.choice(windows)
            length = min(hi - lo, prof.max_daily_h * 60, max(prof.min_block, rng.choice([120, 180, 240])))
            start = lo + GRAIN * rng.randint(0, (hi - lo - length) // GRAIN)
            rooms = self.site_rooms(site, prof.room_kind)
            rooms.sort(key=lambda r: r["id"] not in prof.preferred_rooms)
            room = next((r for r in rooms if self._room_has_space(r, day, start, start + length)), None)
            if room is None:
                continue
            self._pin(prof, room, day, start, start + length, "manual")
            placed += 1

    def _pins_clash(self, *, room: str | None = None, professional: str | None = None,
                    day: dt.date | None = None, weekday: str | None = None,
                    window: tuple[int, int] = (0, 24 * 60), allowed: frozenset[str] = frozenset()) -> bool:
        """Whether a rule with this scope would catch a pin (rules are drawn to never do so)."""
        for pin in self.pins:
            pin_day = dt.date.fromisoformat(pin["date"])
            if room is not None and pin["room"] != room:
                continue
            if professional is not None and pin["professional"] != professional:
                continue
            if pin["professional"] in allowed:
                continue
            if day is not None and pin_day != day:
                continue
            if weekday is not None and WEEKDAYS[pin_day.weekday()] != weekday:
                continue
            if _minutes(pin["start"]) < window[1] and window[0] < _minutes(pin["end"]):
                return True
        return False

    # ------------------------------------------------------------------ rules

    def _rule(self, kind: str, label: str, **fields: Any) -> None:
        self.rules.append({"id": f"r-{len(self.rules) + 1}", "kind": kind, "label": label, **fields})

    def build_rules(self) -> None:
        self._holiday_closures()
        self._closures()
        self._reservations()
        self._room_blocks()
        self._absences()
        self._hours_limit()
        if self.shape.multi_site and len(self.site_specs) > 1:
            self._rule("max_sites_per_day", "No máximo duas unidades por dia", value=2)
        else:
            self._rule("max_sites_per_day", "No máximo uma unidade por dia", value=1)

    def _closures(self) -> None:
        """A shape's unit-days closed on a weekday, never over a pin."""
        reasons = ("reforma elétrica", "dedetização", "inventário", "treinamento da equipe")
        days = [d for d in self.dates[:5] if d not in self.closed]
        for _attempt in range(20 * self.shape.closures):
            if len(self.site_closed) == self.shape.closures or not days:
                break
            site, day = self.rng.choice(self.site_specs), self.rng.choice(days)
            rooms = [r["id"] for r in self.rooms if r["site"] == site.id]
            if (site.id, day) in self.site_closed or any(self._pins_clash(room=r, day=day) for r in rooms):
                continue
            self.site_closed.add((site.id, day))
            self._rule("site_closed", f"{site.name} fechada: {self.rng.choice(reasons)}",
                       site=site.id, date=day.isoformat())

    def _holiday_closures(self) -> None:
        for day, name, municipal in self.holidays:
            if municipal:
                for site in self.site_specs:
                    self._rule("site_closed", f"Feriado municipal ({name}): {site.name} fechada",
                               site=site.id, date=day.isoformat())

    def _reservations(self) -> None:
        rng = self.rng
        for site in self.site_specs[:2]:
            gym = f"{site.prefix}-gin"
            physios = [p for p in self.profs if p.room_kind == "ginasio" and p.home == site.id]
            if len(physios) < 2:
                continue
            chosen = sorted(rng.sample(physios, 2), key=lambda p: p.id)
            start, end = rng.choice([("07:00", "10:00"), ("08:00", "11:00"), ("07:00", "09:00")])
            window = (_minutes(start), _minutes(end))
            for weekday in rng.sample(WEEKDAYS_OPEN, len(WEEKDAYS_OPEN)):
                allowed = frozenset(p.id for p in chosen)
                if not self._pins_clash(room=gym, weekday=weekday, window=window, allowed=allowed):
                    names = " e ".join(p.name.split()[0] for p in chosen)
                    self._rule("room_reserved",
                               f"Ginásio ({site.name}) reservado para a reabilitação em grupo de {names}",
                               room=gym, professionals=[p.id for p in chosen], weekday=weekday, start=start, end=end)
                    break

    def _room_blocks(self) -> None:
        rng = self.rng
        days = [d for d in self.dates[:5] if d not in self.closed]
        reasons = [
            ("13:00", "17:00", "manutenção do ar-condicionado"),
            ("07:00", "12:00", "pintura"),
            (None, None, "dedetização"),
            ("14:00", "18:00", "troca do piso"),
        ]
        wanted = max(2, len(self.rooms) // 20)
        blocked: set[str] = set()
        for _attempt in range(10 * wanted):
            if len(blocked) == wanted or not days:
                break
            room = rng.choice(self.rooms)
            day = rng.choice(days)
            if "ginasio" in room["kinds"]:
                # The gym is busiest in the morning; its equipment is serviced in the afternoon.
                start, end, reason = "13:00", "17:00", "manutenção dos aparelhos"
            else:
                start, end, reason = rng.choice(reasons)
            window = (_minutes(start), _minutes(end)) if start else (0, 24 * 60)
            if room["id"] in blocked or self._pins_clash(room=room["id"], day=day, window=window):
                continue
            blocked.add(room["id"])
            site_name = next(s.name for s in self.site_specs if s.id == room["site"])
            scope = {"start": start, "end": end} if start else {}
            self._rule("room_block", f"{room['name']} ({site_name}) indisponível: {reason}",
                       room=room["id"], date=day.isoformat(), **scope)

    def _absences(self) -> None:
        rng = self.rng
        days = [d for d in self.dates[:5] if d not in self.closed]
        pinned = self.pinned_ids()
        pool = [p for p in self.profs if p.id not in pinned]
        wanted = min(len(pool), max(2, len(self.profs) // 25))
        kinds = ["congresso", "férias", "consulta", "curso"]
        for n, prof in enumerate(rng.sample(pool, wanted)):
            kind = kinds[n % len(kinds)]
            if kind == "congresso" and days:
                self._rule("unavailable", f"{prof.name}: {_CONGRESSES[prof.profession.code]}",
                           professional=prof.id, date=rng.choice(days).isoformat())
            elif kind == "férias":
                self._rule("unavailable", f"{prof.name}: férias", professional=prof.id)
            elif kind == "consulta" and days:
                self._rule("unavailable", f"{prof.name}: consulta médica", professional=prof.id,
                           date=rng.choice(days).isoformat(), start="14:00", end="16:00")
            else:
                weekday = rng.choice(WEEKDAYS_OPEN)
                self._rule("unavailable", f"{prof.name}: curso de especialização ({_WEEKDAY_PLURAL[weekday]} de manhã)",
                           professional=prof.id, weekday=weekday, start="08:00", end="12:00")

    def _hours_limit(self) -> None:
        pinned = self.pinned_ids()
        pool = [p for p in self.profs if p.id not in pinned and p.target_h >= 16]
        if not pool:
            return
        prof = self.rng.choice(pool)
        limit = max(prof.min_h, prof.target_h - self.rng.randint(0, 4))
        self._rule("hours_limit", f"{prof.name}: máximo de {_number(limit)} h semanais (contrato)",
                   professional=prof.id, max_weekly_hours=_number(limit))

    # ------------------------------------------------------------------ the document

    def document(self, sites: list[dict[str, Any]], travel: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "format": INSTANCE_FORMAT,
            "week_start": self.week_start.isoformat(),
            "grain_minutes": GRAIN,
            "default_travel_minutes": 30,
            "sites": sites,
            "travel_minutes": travel,
            "rooms": self.rooms,
            "professionals": [_professional_doc(p) for p in self.profs],
            "rules": self.rules,
            "pins": self.pins,
            "previous": [],
            "weights": dict(DEFAULT_WEIGHTS),
        }


_CONGRESSES = {
    "psicologia": "Congresso Brasileiro de Psicologia",
    "fisioterapia": "Congresso de Fisioterapia Esportiva",
    "nutricao": "Congresso Mineiro de Nutrição",
    "medicina": "Congresso Mineiro de Medicina",
    "fonoaudiologia": "Congresso de Fonoaudiologia",
    "psicologia-infantil": "Congresso de Psicologia Infantil",
    "dermatologia": "Congresso Brasileiro de Dermatologia",
    "terapia-ocupacional": "Congresso de Terapia Ocupacional",
}
_WEEKDAY_PLURAL = {"mon": "segundas", "tue": "terças", "wed": "quartas", "thu": "quintas", "fri": "sextas"}


def _spread(consultorios: tuple[int, ...], sites: int | None) -> tuple[int, ...]:
    """The size's consulting rooms over `sites` units (None: the size's own layout)."""
    if sites is None or sites == len(consultorios):
        return consultorios
    total = sum(consultorios)
    return tuple(total // sites + (1 if i < total % sites else 0) for i in range(sites))


def _number(hours: float) -> int | float:
    return int(hours) if float(hours).is_integer() else hours


def _professional_doc(prof: _Prof) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": prof.id, "name": prof.name, "room_kind": prof.room_kind}
    if prof.availability:  # absent = whenever a site is open
        doc["availability"] = prof.availability
    doc.update(
        min_weekly_hours=_number(prof.min_h),
        target_weekly_hours=_number(prof.target_h),
        max_weekly_hours=_number(prof.max_h),
        max_daily_hours=_number(prof.max_daily_h),
        min_block_minutes=prof.min_block,
    )
    if prof.preferred_sites:
        doc["preferred_sites"] = prof.preferred_sites
    if prof.preferred_rooms:
        doc["preferred_rooms"] = prof.preferred_rooms
    doc["calendar_id"] = prof.calendar_id
    return doc


class _UsageMeter:
    """Demand against usable room time for one room kind, updated as professionals are hired.

    At each grain slot at most min(capacity of the open rooms of the kind, professionals of
    the kind available then) can be allocated; `usable` sums that over the week, an upper
    bound on what any schedule can give the kind.
    """

    def __init__(self, clinic: _Clinic, kind: str):
        self.clinic = clinic
        self.kind = kind
        self.capacity = {day: [0] * SLOTS_PER_DAY for day in clinic.dates}
        self.present = {day: [0] * SLOTS_PER_DAY for day in clinic.dates}
        for day in clinic.dates:
            for room in clinic.rooms:
                opening = clinic.opening(room["site"], day)
                if kind not in room["kinds"] or opening is None:
                    continue
                blocked = [
                    _rule_window(r)
                    for r in clinic.rules
                    if r["kind"] == "room_block" and r["room"] == room["id"] and _rule_applies(r, day)
                ]
                for slot in range(opening[0] // GRAIN, opening[1] // GRAIN):
                    if not any(s <= slot * GRAIN < e for s, e in blocked):
                        self.capacity[day][slot] += room["capacity"]
        self.capacity_minutes = GRAIN * sum(sum(c) for c in self.capacity.values())
        self.usable = 0
        self.demand = 0
        self.reachable = 0
        self.profs: list[_Prof] = []

    def add(self, prof: _Prof) -> None:
        self.profs.append(prof)
        self.demand += round(prof.target_h * 60)
        own = 0
        for day in self.clinic.dates:
            capacity, present = self.capacity[day], self.present[day]
            for s, e in self.clinic.free_windows(prof, day):
                for slot in range(s // GRAIN, e // GRAIN):
                    own += GRAIN if capacity[slot] else 0
                    if present[slot] < capacity[slot]:
                        self.usable += GRAIN
                    present[slot] += 1
        self.reachable += min(round(prof.target_h * 60), own)

    @property
    def saturation(self) -> float:
        """Like `ratio`, but each target capped by the professional's own open availability.

        Only a crowd can push this above 1: one professional whose target exceeds their
        own availability does not make the rooms scarce.
        """
        return self.reachable / max(1, self.usable)

    @property
    def ratio(self) -> float:
        return self.demand / max(1, self.usable)


def generate(size: str, seed: int, week_start: dt.date | None = None, shape: Shape | None = None) -> dict[str, Any]:
    """A feasible format v1 instance of a Belo Horizonte clinic; the same (size, seed, shape) gives the same document.

    Sizes: ``s`` (Savassi), ``m`` (+ Lourdes), ``l`` (+ Funcionários), ``xl`` (eight units).
    `week_start` (a Monday) defaults to the week of 8 December 2026, a municipal holiday.
    `shape` (default `Shape()`, the default clinic) bends the clinic: see `Shape`.
    """
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; use one of {', '.join(SIZES)}")
    week_start = week_start or DEFAULT_WEEK_START
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")
    clinic = _Clinic(size, random.Random(seed), week_start, shape or Shape())
    sites = clinic.build_sites()
    travel = clinic.build_travel()
    clinic.build_rooms()
    clinic.build_professionals()
    clinic.add_preferred_rooms()
    clinic.add_date_windows()
    clinic.build_saturday_rota()
    clinic.build_manual_pins()
    clinic.build_rules()
    clinic.calibrate_demand()
    return clinic.document(sites, travel)


# The benchmark suite's shapes (`agendador bench --suite`): the default clinic, one
# departure per knob, then a mix. Each is generated with its own seed.
SUITE_SHAPES: dict[str, Shape] = {
    "default": Shape(),
    "specialists": Shape(specialist_kinds=3, specialist_share=0.4),
    "tight": Shape(demand=1.8, minimum_share=0.8),
    "sparse": Shape(sparsity=0.5),
    "pinned": Shape(pin_share=0.25, saturday=5),
    "multi-site": Shape(multi_site=0.5),  # one more unit than the size has (below)
    "closures": Shape(closures=2, sparsity=0.2),
    "mixed": Shape(specialist_kinds=1, sparsity=0.3, demand=1.4, minimum_share=0.6, multi_site=0.3,
                   pin_share=0.1, closures=1),
}


def suite_shape(name: str, size: str) -> Shape:
    """A suite shape for a size: people at several units need more than one unit, so
    those shapes get one unit more than the size's own (s: two)."""
    shape = SUITE_SHAPES[name]
    if shape.multi_site:
        return dataclasses.replace(shape, sites=min(MAX_SITES, len(SIZES[size]) + 1))
    return shape

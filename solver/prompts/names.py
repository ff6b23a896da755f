"""Names as people type them: accents, case and small typos ignored (unidecode + rapidfuzz)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

# Below this similarity (0-100) a word is not taken for a name; short names must match exactly.
FUZZY_THRESHOLD = 80
SHORT_NAME = 3

# Nicknames people use for first names (folded).
NICKNAMES = {
    "bia": ("beatriz",), "carol": ("carolina",), "gabi": ("gabriela",), "dani": ("daniela", "daniel"),
    "ju": ("julia", "juliana"), "lu": ("luciana", "luana"), "rafa": ("rafael", "rafaela"), "duda": ("eduarda",),
    "tati": ("tatiane",), "paty": ("patricia",), "nath": ("natalia",), "leo": ("leonardo",), "edu": ("eduardo",),
    "gui": ("guilherme",), "ze": ("jose",), "tony": ("antonio",), "toninho": ("antonio",), "fe": ("fernanda",),
    "lele": ("leticia",), "vini": ("vinicius",), "mari": ("mariana", "marina"), "manu": ("manuela",),
}
# Nicknames people use for first names (folded).
NICKNAMES = {
    "bia": ("beatriz",), "carol": ("carolina",), "gabi": ("gabriela",), "dani": ("daniela", "daniel"),
    "ju": ("julia", "juliana"), "lu": ("luciana", "luana"), "rafa": ("rafael", "rafaela"), "duda": ("eduarda",),
    "tati": ("tatiane",), "paty": ("patricia",), "nath": ("natalia",), "leo": ("leonardo",), "edu": ("eduardo",),
    "gui": ("guilherme",), "ze": ("jose",), "tony": ("antonio",), "toninho": ("antonio",), "fe": ("fernanda",),
    "lele": ("leticia",), "vini": ("vinicius",), "mari": ("mariana", "marina"), "manu": ("manuela",),
}
_NUMBER_WORDS = {2: "duas", 3: "três", 4: "quatro", 5: "cinco"}


def fold(text: str) -> str:
    """Lower case, no accents, single spaces."""
    return re.sub(r"\s+", " ", unidecode(text).lower()).strip()


def similarity(a: str, b: str) -> float:
    if a == b or b in NICKNAMES.get(a, ()):
        return 100.0
    if min(len(a), len(b)) <= SHORT_NAME:
        return 0.0
    return fuzz.ratio(a, b)


@dataclass
class Ambiguous(Exception):
    """A name that fits several people, rooms or sites equally well."""

    mention: str
    kind: str  # professional, room, site
    options: list[dict[str, str]] = field(default_factory=list)

    @property
    def message(self) -> str:
        n = len(self.options)
        count = _NUMBER_WORDS.get(n, str(n))
        names = ", ".join(o["label"] for o in self.options)
        what = {"professional": "pessoas chamadas", "room": "salas que correspondem a", "site": "unidades que correspondem a"}[self.kind]
        return f"Há {count} {what} {self.mention}: {names}. Diga qual."

    def to_dict(self) -> dict[str, Any]:
        return {"mention": self.mention, "kind": self.kind, "options": self.options, "message": self.message}


@dataclass
class Unknown(Exception):
    """A name that fits nothing in the week's data."""

    message: str
    field: str = "prompt"


class Directory:
    """The week's professionals, rooms and sites, searchable by what people call them."""

    def __init__(self, doc: dict[str, Any]):
        self.doc = doc
        self.sites = {s["id"]: s for s in doc.get("sites", [])}
        self.rooms = {r["id"]: r for r in doc.get("rooms", [])}
        self.professionals = {p["id"]: p for p in doc.get("professionals", [])}
        self.person_tokens = {pid: fold(p.get("name", pid)).split() for pid, p in self.professionals.items()}
        self.site_names = {sid: fold(s.get("name", sid)) for sid, s in self.sites.items()}

    # --- labels

    def person_name(self, pid: str) -> str:
        return self.professionals.get(pid, {}).get("name", pid)

    def room_label(self, rid: str) -> str:
        room = self.rooms.get(rid)
        if room is None:
            return rid
        return f"{room.get('name', rid)} ({self.site_name(room['site'])})"

    def site_name(self, sid: str) -> str:
        return self.sites.get(sid, {}).get("name", sid)

    # --- people

    def name_score(self, word: str) -> float:
        """How much a (folded) word looks like part of someone's name."""
        return max((similarity(word, t) for tokens in self.person_tokens.values() for t in tokens), default=0.0)

    def find_person(self, mention: str) -> str:
        """The one professional a mention (one or more words) names; Ambiguous or Unknown otherwise."""
        words = fold(mention).split()
        if not words:
            raise Unknown("Diga de qual profissional se trata.")
        if len(self.professionals) and fold(mention) in {fold(pid) for pid in self.professionals}:
            return next(pid for pid in self.professionals if fold(pid) == fold(mention))
        scored = []
        for pid, tokens in self.person_tokens.items():
            scores = [max((similarity(w, t) for t in tokens), default=0.0) for w in words]
            if min(scores) >= FUZZY_THRESHOLD:
                scored.append((sum(scores), pid))
        if not scored:
            raise Unknown(f"Não encontrei nenhum profissional chamado {mention} nesta semana.")
        best = max(score for score, _ in scored)
        winners = sorted((pid for score, pid in scored if score == best), key=self.person_name)
        if len(winners) > 1:
            raise Ambiguous(mention, "professional", [{"id": pid, "label": self.person_name(pid)} for pid in winners])
        return winners[0]

    # --- sites and rooms

    def find_site(self, mention: str) -> str:
        word = fold(mention)
        if word in {fold(sid) for sid in self.sites}:
            return next(sid for sid in self.sites if fold(sid) == word)
        scored = [(similarity(word, name), sid) for sid, name in self.site_names.items()]
        scored = [(s, sid) for s, sid in scored if s >= FUZZY_THRESHOLD]
        if not scored:
            raise Unknown(f"Não encontrei a unidade {mention}.")
        best = max(s for s, _ in scored)
        winners = [sid for s, sid in scored if s == best]
        if len(winners) > 1:
            raise Ambiguous(mention, "site", [{"id": sid, "label": self.site_name(sid)} for sid in winners])
        return winners[0]

    def sites_in(self, text: str) -> list[str]:
        """Sites named in a folded text (typos allowed), in order of appearance."""
        found: list[tuple[int, str]] = []
        words = list(re.finditer(r"[a-z0-9]+", text))
        for sid, name in self.site_names.items():
            n = len(name.split())
            for i in range(len(words) - n + 1):
                chunk = " ".join(w.group() for w in words[i : i + n])
                if chunk == fold(sid) or similarity(chunk, name) >= FUZZY_THRESHOLD:
                    found.append((words[i].start(), sid))
                    break
        return [sid for _, sid in sorted(found)]

    def find_room(self, mention: str, site: str | None = None) -> str:
        """A room by number ("3", "L1"), name ("ginásio") or id, optionally within one site."""
        word = fold(mention)
        rooms = {rid: r for rid, r in self.rooms.items() if site is None or r["site"] == site}
        where = f" na unidade {self.site_name(site)}" if site else ""
        exact = [rid for rid in rooms if fold(rid) == word]
        if exact:
            return exact[0]
        number = re.fullmatch(r"(?:(?:sala|consultorio|cons)\s*)?(?:n[o.]?\s*)?([a-z]?\d+[a-z]?)", word)
        if number:
            token = number.group(1)
            hits = [rid for rid, r in rooms.items() if fold(r.get("name", rid)).split()[-1:] == [token] or fold(rid).split("-")[-1] == token]
        else:
            name = re.sub(r"^(a|o) ", "", word)
            scored = [(similarity(name, fold(r.get("name", rid))), rid) for rid, r in rooms.items()]
            best = max((s for s, _ in scored), default=0.0)
            hits = [rid for s, rid in scored if s == best and s >= FUZZY_THRESHOLD]
        if not hits:
            raise Unknown(f"Não encontrei a sala {mention}{where}.", "room")
        if len(hits) > 1:
            raise Ambiguous(mention, "room", [{"id": rid, "label": self.room_label(rid)} for rid in sorted(hits)])
        return hits[0]

    def named_rooms(self) -> dict[str, list[str]]:
        """Folded names of rooms without a number ("ginasio", "sala de grupo") → their ids."""
        out: dict[str, list[str]] = {}
        for rid, r in self.rooms.items():
            name = fold(r.get("name", rid))
            if not re.search(r"\d", name):
                out.setdefault(name, []).append(rid)
        return out

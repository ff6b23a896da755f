"""The built-in interpreter: a small pt-BR grammar for the requests a coordinator makes every week.

No network, no model: the prompt is folded (no accents, lower case, abbreviations expanded), split
into clauses, and each clause is read as one intent (block a room, an absence, a swap…) with its
days, times, rooms, sites and people found by pattern and by fuzzy name matching. It proposes a
changes document; `finish` validates it like any other interpreter's.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from rules.timeutil import WEEKDAYS
from solver.changes import changes_document
from solver.prompts.interpretation import (
    AMBIGUOUS,
    CAN_DO,
    ERROR,
    REFUSAL,
    REFUSED,
    UNSUPPORTED,
    Interpretation,
    failed,
    finish,
)
from solver.prompts.names import FUZZY_THRESHOLD, Ambiguous, Directory, Unknown, fold, similarity


class Refused(Exception):
    pass


class Unsupported(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- words

_WEEKDAY_WORDS = {
    "segunda": "mon", "seg": "mon", "terca": "tue", "ter": "tue", "quarta": "wed", "qua": "wed",
    "quinta": "thu", "qui": "thu", "sexta": "fri", "sex": "fri", "sabado": "sat", "sab": "sat",
    "domingo": "sun", "dom": "sun",
}  # fmt: skip
_WEEKDAY_RE = r"(segunda|seg|terca|ter|quarta|qua|quinta|qui|sexta|sex|sabado|sab|domingo|dom)(?:-feira|feira)?(s)?"
# "ter" is also a verb: as a weekday it follows one of these words.
_DAY_LEAD = {"na", "no", "de", "da", "do", "para", "ate", "a", "e", "toda", "todas", "as", "os", "todo", "todos",
             "nesta", "neste", "nessa", "esta", "essa", "proxima", "proximo", "|", "dia", "entre"}  # fmt: skip
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
     "novembro", "dezembro"])}  # fmt: skip

_T = r"(\d{1,2})(?:[h:](\d{2})|h)?(?:\s*h(?:s|rs|oras?)?\b)?"
_TIME_STRICT = r"(\d{1,2})(?:[h:](\d{2})|h)"

_REFUSE = [
    r"\b(ignor|desconsider|esquec)\w*\s+(\w+\s+){0,3}(instruc|regra|orden|comando|prompt)",
    r"\bpublic\w*", r"\baprov\w*", r"\b(apag|delet|exclu|destru|elimin)\w*", r"\bzer(ar|e|a)\b",
    r"\blimp\w*\s+(tudo|a agenda|o banco|os dados)",
    r"\b(senha|token|credencia|usuario|permiss|admin|superusu|root)\w*", r"\bgoogle|\bcalendar|\bcalendario",
    r"\bdrop\s+table|\bsql\b|\brm\s+-rf|\bsudo\b|\bshell\b|\bcomando do sistema|\bprompt do sistema|\bsystem prompt",
    r"\bmodo (desenvolvedor|administrador|deus)", r"\bjailbreak",
]
_UNSUPPORTED_HINTS = [
    (r"\b(cri|cadastr|contrat|demit|adicion)\w*\s+(um|uma|o|a)?\s*(nov[ao]\s+)?(sala|profissional|unidade|pessoa|medic|psicolog)",
     "Cadastrar ou remover salas, unidades e profissionais não é feito pelo prompt: use as telas de cadastro."),
    (r"\b(e-?mail|whatsapp|mensagem|sms|avis|notific|ligar|telefon)\w*",
     "Não envio mensagens nem avisos pelo prompt."),
    (r"\b(salari|pagament|financeir|cobranc|preco|valor)\w*", "Não trato de assuntos financeiros."),
]

_RESOLVE = r"\b(refaz\w*|refac\w*|refiz\w*|recalcul\w*|replanej\w*|reotimiz\w*|otimiz\w*|reorganiz\w*|resolv\w*\s+(de novo|novamente)|rod\w*\s+(o\s+)?solver|ger\w*\s+(a\s+semana\s+)?(de novo|novamente)|recomec\w*)"
_FROM_SCRATCH = r"\b(do zero|sem (se )?prender|tudo de novo|sem mudanca minima|sem manter|livremente|desde o inicio|sem mexer o minimo|mexendo o quanto)"

_INTENTS = [
    ("unpin", r"\b(desfix\w*|destrav\w*|descongel\w*|solt\w*|(tir|remov)\w*\s+(a\s+)?fixacao)"),
    ("unblock", r"\b(desbloque\w*|reabr\w*|(tir|remov)\w*\s+o\s+bloqueio)|\bliber\w*\s+(a\s+|o\s+)?(sala|consultorio|ginasio)"),
    ("swap", r"\b(troc\w*|permut\w*|invert\w*|destroc\w*)"),
    ("close_site", r"\b(feriado|ponto facultativo|fech\w*|nao (vai )?abr\w*)"),
    ("block", r"\b(bloque\w*|interdit\w*|manutencao|reforma)"),
    ("saturday", r"\b(escala|escal\w*|plantao|lanc\w*|coloc\w*|inclu\w*|adicion\w*|bot\w*|agend\w*)\b"),
    ("move", r"\b(mov\w*|mud\w*|pass\w*|transfer\w*|remarc\w*|adiant\w*|atras\w*|desloc\w*|lev\w*)\b"),
    ("pin", r"\b(fix\w*|trav\w*|congel\w*)"),
    ("hours", r"\b(limit\w*|maxim\w*|max|teto|meta|alvo|objetivo|minim\w*|pelo menos|carga)\b|\d\s*(h|horas?)\s+(por|ao|na)\s+(dia|semana)\b|\bhoras\s+(semanais|diarias)|\bentre\s+\d+\s*(h|horas)?\s+e\s+\d+\s*(h|horas)\b"),
    ("availability", r"\b(so|somente|apenas|disponivel|disponibilidade|atende)\b"),
    ("absent", r"\bnao\s+(vem|vai|pode|comparece|atende|trabalha|estara|esta|vira|estar)|\b(falt\w*|ausen\w*|folga|ferias|atestado|congresso|licenca|afastad\w*|viaj\w*|fora)\b"),
]
_CLAUSE_VERBS = (
    r"(?:tambem\s+)?(?:bloque\w*|desbloque\w*|troc(?:a|ar|ando)|troque|mov(?:er|a|e|endo)|mud(?:ar|e|a)|pass(?:ar|e)|"
    r"transfer\w*|fix(?:ar|e|a)|desfix\w*|solt(?:ar|e|a)|limit(?:ar|e|a)|refaz\w*|refac\w*|recalcul\w*|replanej\w*|"
    r"marc(?:ar|a)|marque|coloc(?:ar|a)|coloque|lanc(?:ar|e|a)|escal(?:ar|e|a)|fech(?:ar|e|a)|liber(?:ar|e|a)|reabr\w*|"
    r"remarc\w*|otimiz\w*)\b"
)

# ...unless it follows one of these ("vai ter", "precisa ter").
_VERB_LEAD = {"vai", "vou", "vamos", "pode", "podem", "deve", "devem", "precisa", "precisam", "que", "quer", "quero",
              "tem", "ira", "vao", "sem", "nao", "deveria", "poderia"}  # fmt: skip

# Words that are never a person's name (folded).
_VOCAB = set("""
a o as os ao aos da do das dos de na no nas nos em para por pelo pela com sem e ou que se um uma uns umas
me mim eu voce ele ela eles elas nos favor por_favor obrigado obrigada isso isto esse essa este esta aquele aquela
sala salas consultorio consultorios ginasio unidade unidades clinica semana semanas toda todo todas todos inteira inteiro
dia dias hoje amanha ontem manha tarde noite hora horas h hs minutos meio periodo turno
vem vai vou nao sim so somente apenas tambem mais menos ja ainda agora depois antes ate apos partir entre
pode podem poder consegue precisa precisamos quero queria gostaria preciso deve favor
mexendo minimo minima maximo maxima meta alvo objetivo pelo menos carga limite semanal semanais diaria diarias
agenda escala plantao sabado alocacao alocacoes horario horarios atendimento atendimentos
feriado fechada fechado aberta aberto manutencao reforma bloqueio bloqueada bloqueado fixacao fixa fixo
ausente ausencia folga ferias atestado congresso licenca fora falta
zero novo nova novamente tudo nada mudanca mudancas versao
ele ela dela dele seu sua seus suas lugar vez
segunda terca quarta quinta sexta domingo feira seg ter qua qui sex sab dom
janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro
""".split())  # fmt: skip
_VERB_STEMS = (
    "bloque", "desbloque", "troca", "troque", "permut", "mover", "mova", "mude", "mudar", "passa", "passe",
    "transfer", "fixa", "fixe", "desfix", "trava", "solta", "solte", "limita", "limite", "refaz", "refac",
    "recalcul", "replanej", "otimiz", "marca", "marque", "coloca", "coloque", "lanca", "lance", "escala", "escale",
    "fecha", "feche", "libera", "libere", "reabr", "remarc", "adianta", "atrasa", "desloca", "inclu", "adicion",
    "agenda", "interdit", "ausen", "falta", "viaja", "afasta", "comparec", "atende", "trabalha", "fique", "fica",
    "deixa", "quero", "queria", "precis", "consegu", "tira", "remov", "congel", "descongel", "destrav", "reorganiz",
    "resolv", "gera", "roda", "disponi",
)  # fmt: skip


def is_refused(prompt: str) -> bool:
    """An attempt to reach beyond the changes language (publish, approve, delete, users, injections)."""
    text = normalize(prompt)
    return any(re.search(p, text) for p in _REFUSE)


def normalize(text: str) -> str:
    t = fold(text)
    t = t.replace("p/", "para ").replace("c/", "com ").replace("s/", "sem ")
    t = re.sub(r"\b(por favor|pfv|pf|obrigad[oa])\b,?", " ", t)
    t = re.sub(r"\bpra\b", "para", t)
    t = re.sub(r"\bpro\b", "para o", t)
    t = re.sub(r"\bmeio[- ]dia\b", "12h", t)
    t = re.sub(r"(\d)\s*(hrs|hs|hr)\b", r"\1h", t)
    t = re.sub(r"\b(seg|ter|qua|qui|sex|sab|dom)\.", r"\1", t)
    t = re.sub(r"[\"'`´“”‘’!?()\[\]{}]", " ", t)
    t = re.sub(r"\s*[-–—]\s*", "-", t)
    return re.sub(r"\s+", " ", t).strip()


def split_clauses(text: str) -> list[str]:
    parts = re.split(r"\s*(?:;|\n|\.(?!\d)\s*)\s*", text)
    out: list[str] = []
    for part in parts:
        pieces = re.split(rf"(?:\s*,\s*(?:e\s+)?|\s+e\s+)(?={_CLAUSE_VERBS})", part) if part else []
        for piece in pieces:  # "... e o Bruno não vem quinta": a new subject with its own verb
            out += re.split(r"(?:\s*,\s*|\s+e\s+)(?=(?:o|a)\s+[a-z]+\s+(?:nao|so|falta|esta|fica|vai)\b)", piece)
    return [p.strip(" ,") for p in out if p and p.strip(" ,")]


# --------------------------------------------------------------------------- the pieces of a clause


@dataclass
class Day:
    date: dt.date | None
    weekday: str | None
    role: str | None  # "from", "to" or None
    standing: bool = False


@dataclass
class Clause:
    text: str  # folded, with consumed spans blanked by " | "
    days: list[Day] = field(default_factory=list)
    whole_week: bool = False
    window: tuple[str, str] | None = None
    window_kind: str | None = None  # "range", "after", "before", "period"
    from_time: str | None = None
    to_time: tuple[str, str | None] | None = None
    rooms: list[tuple[str, str | None]] = field(default_factory=list)  # (room id, role)
    sites: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    unknown_people: list[str] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)


def _hhmm(h: str, m: str | None) -> str:
    hour, minute = int(h), int(m or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise Unknown(f"Horário inválido: {h}h{m or ''}.")
    return f"{hour:02d}:{minute:02d}"


def _prev_words(text: str, pos: int, n: int = 3) -> list[str]:
    return re.findall(r"[a-z|]+", text[:pos])[-n:]


def _role(text: str, pos: int) -> str | None:
    words = _prev_words(text, pos, 3)
    for w in reversed(words):
        if w == "para":
            return "to"
        if w in ("de", "da", "do", "das", "dos"):
            return "from"
        if w == "|":
            break
    return None


class Parser:
    def __init__(self, doc: dict[str, Any], today: dt.date | None = None):
        self.doc = doc
        self.today = today
        self.dir = Directory(doc)
        self.week_start = dt.date.fromisoformat(doc["week_start"])
        self.week = [self.week_start + dt.timedelta(days=i) for i in range(7)]
        self.capitalized: set[str] = set()

    # --- entry point

    def parse(self, prompt: str) -> list[dict[str, Any]]:
        words = re.findall(r"[^\W\d_]+", prompt)
        self.capitalized = {fold(w) for w in words[1:] if w[:1].isupper()}
        text = normalize(prompt)
        if not text:
            raise Unsupported("O pedido está vazio.")
        if any(re.search(p, text) for p in _REFUSE):
            raise Refused()
        changes: list[dict[str, Any]] = []
        resolve: dict[str, Any] | None = None
        for clause in split_clauses(text):
            found = re.search(_RESOLVE, clause)
            if found:
                resolve = {"kind": "resolve", "minimal_change": not re.search(_FROM_SCRATCH, clause)}
                clause = clause[: found.start()].strip(" ,")
                clause = re.sub(r"\s+e$", "", clause)
                if not clause or not re.search(r"[a-z]{3,}", clause):
                    continue
            changes += self.clause(clause)
        if resolve is not None:
            changes.append(resolve)
        return changes

    def clause(self, text: str) -> list[dict[str, Any]]:
        intent = self.intent(text)
        if intent is None:
            for pattern, message in _UNSUPPORTED_HINTS:
                if re.search(pattern, text):
                    raise Unsupported(message)
            raise Unsupported(f"Não sei fazer isto pelo prompt: “{text}”.")
        c = self.read(text, intent)
        return getattr(self, f"build_{intent}")(c)

    def intent(self, text: str) -> str | None:
        saturday = re.search(r"\b(sabado|sab)\b", text)
        has_room = re.search(r"\b(sala|consultorio|cons|ginasio)\b", text) or any(n in text for n in self.dir.named_rooms())
        for name, pattern in _INTENTS:
            if not re.search(pattern, text):
                continue
            if name == "close_site" and has_room and not re.search(r"\bferiado\b", text):
                return "block"
            if name == "saturday" and not saturday:
                continue
            if name == "hours" and not re.search(r"\d+(?:[.,]\d+)?\s*(h\b|horas?\b)", text):
                continue
            if name == "availability" and (re.search(r"\bnao\b", text) or not re.search(r"\b(manha|tarde|noite)\b|\d", text)):
                continue
            return name
        return None

    # --- reading the pieces

    def read(self, text: str, intent: str) -> Clause:
        c = Clause(text=f" {text} ")
        if intent == "hours":
            self.hour_figures = self.take_hour_figures(c)
        self.take_dates(c)
        self.take_weekdays(c)
        self.take_times(c, intent)
        self.take_periods(c)
        self.take_rooms(c)
        self.take_sites(c)
        self.take_people(c)
        return c

    def blank(self, c: Clause, m: re.Match) -> None:
        c.text = c.text[: m.start()] + " | " + " " * max(0, m.end() - m.start() - 3) + c.text[m.end():]

    def in_week(self, day: int, month: int | None, year: int | None = None) -> dt.date:
        for d in self.week:
            if d.day == day and (month is None or d.month == month) and (year is None or d.year == year):
                return d
        shown = f"{day:02d}/{month:02d}" if month else f"dia {day}"
        raise Unknown(
            f"O {shown} não está na semana de {self.week[0]:%d/%m} a {self.week[-1]:%d/%m/%Y}.", "prompt"
        )

    def take_dates(self, c: Clause) -> None:
        patterns = [
            (r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: self.in_week(int(m[3]), int(m[2]), int(m[1]))),
            (r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b",
             lambda m: self.in_week(int(m[1]), int(m[2]), (int(m[3]) + (2000 if len(m[3]) == 2 else 0)) if m[3] else None)),
            (rf"\b(?:dia\s+)?(\d{{1,2}})\s+de\s+({'|'.join(_MONTHS)})\b", lambda m: self.in_week(int(m[1]), _MONTHS[m[2]])),
            (r"\bdias?\s+(\d{1,2})(?:\s*(?:,|e|a|ate|-)\s*(\d{1,2}))?\b(?![h:])", None),
        ]  # fmt: skip
        for pattern, make in patterns:
            while True:
                m = re.search(pattern, c.text)
                if m is None:
                    break
                role = _role(c.text, m.start())
                if make is not None:
                    c.days.append(Day(make(m), None, role))
                else:
                    first = self.in_week(int(m[1]), None)
                    c.days.append(Day(first, None, role))
                    if m[2]:
                        last = self.in_week(int(m[2]), None)
                        joined = re.search(r"\s(a|ate|-)\s?", m.group(0)) or "-" in m.group(0)
                        if joined:
                            for d in self.week:
                                if first < d < last:
                                    c.days.append(Day(d, None, role))
                        c.days.append(Day(last, None, role))
                self.blank(c, m)

    def take_weekdays(self, c: Clause) -> None:
        for m in list(re.finditer(r"\b(depois de amanha|amanha|hoje)\b", c.text)):
            if self.today is None:
                raise Unknown("Diga o dia pelo nome ou pela data (ex.: “na terça”, “dia 8”).")
            day = self.today + dt.timedelta(days={"hoje": 0, "amanha": 1}.get(m[1], 2))
            if day not in self.week:
                raise Unknown(f"{m[1].capitalize()} ({day:%d/%m}) não está na semana de {self.week[0]:%d/%m} a {self.week[-1]:%d/%m/%Y}.")
            c.days.append(Day(day, None, _role(c.text, m.start())))
            self.blank(c, m)
        m = re.search(rf"\b(?:de\s+|da\s+|entre\s+)?{_WEEKDAY_RE}\s+(?:a|ate|e)\s+{_WEEKDAY_RE}\b", c.text)
        if m and (" a " in m.group(0) or " ate " in m.group(0) or m.group(0).startswith("entre")):
            first, last = WEEKDAYS.index(_WEEKDAY_WORDS[m[1]]), WEEKDAYS.index(_WEEKDAY_WORDS[m[3]])
            for i in range(first, last + 1):
                c.days.append(Day(self.week[i], None, None))
            self.blank(c, m)
        for m in list(re.finditer(rf"\b{_WEEKDAY_RE}\b", c.text)):
            prev = _prev_words(c.text, m.start(), 2)
            if m[1] == "ter" and prev and prev[-1] in _VERB_LEAD:
                continue
            wd = _WEEKDAY_WORDS[m[1]]
            standing = bool(m[2]) or bool(prev and prev[-1] in ("toda", "todas", "todo", "todos")) or (
                len(prev) == 2 and prev[0] in ("todas", "todos") and prev[1] in ("as", "os")
            )
            role = _role(c.text, m.start())
            day = self.week[WEEKDAYS.index(wd)]
            c.days.append(Day(None if standing else day, wd if standing else None, role, standing))
            c.text = c.text[: m.start()] + " | " + " " * max(0, m.end() - m.start() - 3) + c.text[m.end():]
        if re.search(r"\b(a\s+)?semana\s+(toda|inteira)\b|\btoda\s+a\s+semana\b", c.text):
            c.whole_week = True

    def take_times(self, c: Clause, intent: str) -> None:
        if intent == "move":
            m = re.search(rf"\bpara\s+(?:as\s+|a\s+|o\s+horario\s+das\s+)?{_T}(?:\s*(?:-|a|ate|as)\s*(?:as\s+)?{_T})?", c.text)
            if m and (m[2] or "h" in m.group(0) or re.search(r"para\s+as", m.group(0))):
                c.to_time = (_hhmm(m[1], m[2]), _hhmm(m[3], m[4]) if m[3] else None)
                self.blank(c, m)
        m = re.search(rf"(?<![\d/]){_T}\s*(?:-|a|ate|as|e)\s*(?:as\s+)?{_T}(?![\d/])", c.text)
        lead = m and re.search(r"\b(das|de|entre|do|da)\s*$", c.text[: m.start()])
        if m and (lead or "h" in m.group(0) or ":" in m.group(0) or "-" in m.group(0)):
            c.window, c.window_kind = (_hhmm(m[1], m[2]), _hhmm(m[3], m[4])), "range"
            self.blank(c, m)
            return
        m = re.search(rf"\b(?:depois\s+d[ae]s?|a\s+partir\s+d[ae]s?|apos\s+(?:as\s+)?|desde\s+as)\s*{_T}", c.text)
        if m:
            c.window, c.window_kind = (_hhmm(m[1], m[2]), ""), "after"
            self.blank(c, m)
            return
        m = re.search(rf"\b(?:antes\s+d[ae]s?|ate\s+(?:as\s+)?)\s*{_T}", c.text)
        if m:
            c.window, c.window_kind = ("", _hhmm(m[1], m[2])), "before"
            self.blank(c, m)
            return
        m = re.search(rf"\b(?:das|as|de)\s+{_TIME_STRICT}", c.text) or re.search(rf"\b{_TIME_STRICT}", c.text)
        if m:
            c.from_time = _hhmm(m[1], m[2])
            self.blank(c, m)

    def take_periods(self, c: Clause) -> None:
        m = re.search(r"\b(?:de\s+|a\s+|pela\s+|na\s+|no\s+|durante\s+a\s+|o\s+)?(manha|tarde|noite)\b", c.text)
        if m and c.window is None:
            c.window, c.window_kind = (m[1], m[1]), "period"
            self.blank(c, m)

    def take_rooms(self, c: Clause) -> None:
        site = self._only_site(c.text)
        for m in list(re.finditer(r"\b(sala|consultorio|cons|consult)\s+(?:n(?:o|umero)?\.?\s*)?([a-z]?\d+[a-z]?)\b", c.text)):
            self._room(c, m, f"sala {m[2]}", m[2], site)
        for name in sorted(self.dir.named_rooms(), key=len, reverse=True):
            for m in list(re.finditer(rf"\b{re.escape(name)}\b", c.text)):
                self._room(c, m, name, name, site)

    def _room(self, c: Clause, m: re.Match, mention: str, token: str, site: str | None) -> None:
        role = _role(c.text, m.start())
        self.blank(c, m)
        try:
            c.rooms.append((self.dir.find_room(token, site), role))
        except Unknown as exc:
            raise Unknown(exc.message.replace(f"sala {token}", mention), "prompt") from None
        except Ambiguous as exc:
            exc.mention = mention
            raise

    def _only_site(self, text: str) -> str | None:
        sites = self.dir.sites_in(text)
        return sites[0] if len(set(sites)) == 1 else None

    def take_sites(self, c: Clause) -> None:
        c.sites = list(dict.fromkeys(self.dir.sites_in(c.text)))
        names = {w for sid in c.sites for w in self.dir.site_names[sid].split() + [fold(sid)]}
        for w in list(re.finditer(r"[a-z]+", c.text)):
            if w.group() not in _VOCAB and any(similarity(w.group(), n) >= FUZZY_THRESHOLD for n in names):
                c.text = c.text[: w.start()] + "|" + " " * (w.end() - w.start() - 1) + c.text[w.end():]

    def take_people(self, c: Clause) -> None:
        tokens = re.findall(r"[a-z]+|\|", c.text)
        mentions: list[list[str]] = []
        unknown: list[str] = []
        current: list[str] = []
        for t in tokens:
            is_name = False
            if t != "|" and len(t) >= 2:
                stem = t not in _VOCAB and not t.startswith(_VERB_STEMS)
                score = self.dir.name_score(t)
                if t not in _VOCAB and score == 100:
                    is_name = True
                elif stem and score >= FUZZY_THRESHOLD:
                    is_name = True
                elif current and score == 100:
                    is_name = True  # a surname that is also a word ("Dias")
                elif stem and t in self.capitalized:
                    if current:
                        is_name = True
                    else:
                        unknown.append(t)
            if is_name:
                current.append(t)
            elif current:
                mentions.append(current)
                current = []
        if current:
            mentions.append(current)
        for words in mentions:
            mention = " ".join(w.capitalize() for w in words)
            try:
                pid = self.dir.find_person(mention)
            except Ambiguous as exc:
                c.ambiguous.append(exc)
                continue
            except Unknown:
                c.unknown_people.append(mention)
                continue
            if pid not in c.people:
                c.people.append(pid)
        c.unknown_people += [w.capitalize() for w in unknown]

    # --- helpers for builders

    def person(self, c: Clause, count: int = 1) -> list[str]:
        if c.ambiguous:
            raise c.ambiguous[0]
        if c.unknown_people:
            raise Unknown(f"Não encontrei nenhum profissional chamado {c.unknown_people[0]} nesta semana.")
        if len(c.people) < count:
            if count == 2:
                raise Unknown("Para trocar, diga os nomes das duas pessoas (ex.: “trocar Bruno e Carla no sábado”).")
            raise Unknown("Não identifiquei o profissional. Escreva o nome (ex.: “a Ana não vem sexta”).")
        return c.people[:count] if count > 1 else c.people[:1]

    def bounds(self, days: list[Day], site: str | None) -> tuple[int, int]:
        weekdays = {d.weekday or WEEKDAYS[d.date.weekday()] for d in days} or set(WEEKDAYS)
        opens, closes = [], []
        for s in self.doc.get("sites", []):
            if site is not None and s["id"] != site:
                continue
            for wd, (start, end) in s.get("opening_hours", {}).items():
                if wd in weekdays:
                    opens.append(_minutes(start))
                    closes.append(_minutes(end))
        return (min(opens, default=7 * 60), max(closes, default=22 * 60))

    def window_of(self, c: Clause, site: str | None = None) -> tuple[str, str] | None:
        if c.window is None:
            return None
        start, end = c.window
        open_at, close_at = self.bounds(c.days, site)
        if c.window_kind == "period":
            start, end = {
                "manha": (_fmt(open_at), "12:00"),
                "tarde": ("12:00", _fmt(min(max(close_at, 12 * 60 + 30), 18 * 60))),
                "noite": ("18:00", _fmt(max(close_at, 18 * 60))),
            }[start]
            if start >= end:
                raise Unknown("Não há expediente à noite nesta unidade; diga o horário.")
        if start == "":
            start = _fmt(open_at)
        if end == "":
            end = _fmt(close_at)
        return start, end

    def dates(self, c: Clause, role: str | None = None) -> list[Day]:
        return [d for d in c.days if role is None or d.role == role]

    def scope(self, c: Clause, *, weekday_ok: bool) -> list[dict[str, Any]]:
        """The day scopes of a clause: [{}] (whole week), or one {"date"} / {"weekday"} per day named."""
        if not c.days:
            return [{}]
        out = []
        for d in c.days:
            if d.standing and weekday_ok:
                out.append({"weekday": d.weekday})
            else:
                day = d.date or self.week[WEEKDAYS.index(d.weekday)]
                out.append({"date": day.isoformat()})
        return list({json.dumps(s, sort_keys=True): s for s in out}.values())

    def allocations(self, pid: str, c: Clause, *, role: str | None = None, pinned: bool = False) -> list[dict[str, Any]]:
        pool = self.doc.get("pins", []) if pinned else self.doc.get("previous", [])
        days = {(d.date or self.week[WEEKDAYS.index(d.weekday)]).isoformat() for d in c.days if role is None or d.role in (role, None)}
        rooms = {r for r, rrole in c.rooms if role is None or rrole in (role, None)}
        hits = []
        for a in pool:
            if a["professional"] != pid:
                continue
            if days and a["date"] not in days:
                continue
            if rooms and a["room"] not in rooms:
                continue
            if c.from_time and a["start"] != c.from_time:
                continue
            if c.window and c.window_kind == "range" and (a["start"], a["end"]) != c.window:
                continue
            hits.append({k: a[k] for k in ("professional", "room", "date", "start", "end")})
        return sorted(hits, key=lambda a: (a["date"], a["start"], a["room"]))

    def where(self, pid: str, c: Clause, role: str | None = None) -> str:
        days = [d for d in c.days if role is None or d.role in (role, None)]
        when = ""
        if days:
            d = days[0].date or self.week[WEEKDAYS.index(days[0].weekday)]
            when = f" em {d:%d/%m}"
        return f"{self.dir.person_name(pid)} não tem alocação{when} na versão em tela"

    # --- one builder per intent

    def build_block(self, c: Clause) -> list[dict[str, Any]]:
        if not c.rooms:
            raise Unknown("Diga qual sala bloquear (ex.: “bloquear a sala 3 da Savassi na terça de manhã”).")
        out = []
        for room, _ in c.rooms:
            window = self.window_of(c, self.dir.rooms[room]["site"])
            for scope in self.scope(c, weekday_ok=True):
                change = {"kind": "block_room", "room": room, **scope}
                if window:
                    change["start"], change["end"] = window
                out.append(change)
        return out

    def build_unblock(self, c: Clause) -> list[dict[str, Any]]:
        if not c.rooms:
            raise Unknown("Diga qual sala desbloquear.")
        return [{"kind": "unblock_room", "room": room, **scope} for room, _ in c.rooms for scope in self.scope(c, weekday_ok=False)]

    def build_close_site(self, c: Clause) -> list[dict[str, Any]]:
        if not c.days:
            raise Unknown("Diga o dia do feriado ou fechamento (ex.: “feriado em Lourdes dia 8”).")
        sites = c.sites or [s["id"] for s in self.doc.get("sites", [])]
        return [{"kind": "close_site", "site": site, **scope} for site in sites for scope in self.scope(c, weekday_ok=False)]

    def build_absent(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        out = []
        for scope in self.scope(c, weekday_ok=False):
            change = {"kind": "mark_absent", "professional": pid, **scope}
            window = self.window_of(c)
            if window:
                change["start"], change["end"] = window
            out.append(change)
        return out

    def build_hours(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        if not self.hour_figures:
            raise Unknown("Diga o número de horas (ex.: “limitar o João a 20 horas”).")
        return [{"kind": "set_hour_limits", "professional": pid, **self.hour_figures}]

    def take_hour_figures(self, c: Clause) -> dict[str, float]:
        figures: dict[str, float] = {}
        m = re.search(r"\bentre\s+(\d+(?:[.,]\d+)?)\s*(?:h|horas)?\s+e\s+(\d+(?:[.,]\d+)?)\s*(?:h\b|horas?\b)", c.text)
        if m:
            figures["min_weekly_hours"], figures["max_weekly_hours"] = _number(m[1]), _number(m[2])
            self.blank(c, m)
        for m in list(re.finditer(r"(\d+(?:[.,]\d+)?)\s*(?:h\b|horas?\b)(\s+(?:semanais|diarias|por\s+(?:dia|semana)|ao\s+dia|na\s+semana|/dia|/semana))?", c.text)):
            before = c.text[max(0, m.start() - 25) : m.start()]
            after = m[2] or ""
            if re.search(r"dia", after):
                name = "max_daily_hours" if not re.search(r"minim|pelo menos", before) else None
            elif re.search(r"\b(meta|alvo|objetivo|ideal)\b", before):
                name = "target_weekly_hours"
            elif re.search(r"\b(minim\w*|pelo menos)\s*(de\s+)?$", before) or re.search(r"\bminim", before) and not re.search(r"maxim|limit", before):
                name = "min_weekly_hours"
            else:
                name = "max_weekly_hours"
            if name is None:
                raise Unsupported("Não há mínimo de horas por dia; posso limitar o máximo por dia ou o mínimo por semana.")
            figures[name] = _number(m[1])
            self.blank(c, m)
        return figures

    def build_availability(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        window = self.window_of(c)
        if window is None:
            raise Unknown("Diga o horário (ex.: “a Bia só de manhã” ou “só das 8h às 12h”).")
        person = self.dir.professionals[pid]
        days = c.days
        chosen = {d.weekday or WEEKDAYS[d.date.weekday()] for d in days}
        current = person.get("availability") or []
        out = []
        open_days = {wd: hours for s in self.doc.get("sites", []) for wd, hours in s.get("opening_hours", {}).items()}
        for wd in WEEKDAYS:
            existing = [w for w in current if w.get("weekday") == wd]
            if not current:
                opening = [s.get("opening_hours", {}).get(wd) for s in self.doc.get("sites", [])]
                opening = [o for o in opening if o]
                existing = [{"weekday": wd, "start": min(o[0] for o in opening), "end": max(o[1] for o in opening)}] if opening else []
            if wd not in open_days and not existing:
                continue
            if chosen and wd not in chosen:
                out += existing
                continue
            for w in existing:
                start, end = max(w["start"], window[0]), min(w["end"], window[1])
                if start < end:
                    out.append({"weekday": wd, "start": start, "end": end})
            if not existing and not current:
                out.append({"weekday": wd, "start": window[0], "end": window[1]})
        out += [dict(w) for w in current if "date" in w]
        return [{"kind": "set_availability", "professional": pid, "availability": out}]

    def build_pin(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        hits = self.allocations(pid, c)
        if not hits:
            window = self.window_of(c)
            if c.rooms and len(c.days) == 1 and (window or c.from_time):
                raise Unknown(self.where(pid, c) + "; para criar um horário novo use “mover” ou a escala de sábado.")
            raise Unknown(self.where(pid, c) + " para fixar.")
        return [{"kind": "pin", **a, "source": "prompt"} for a in hits]

    def build_unpin(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        hits = self.allocations(pid, c, pinned=True)
        if not hits:
            raise Unknown(f"{self.dir.person_name(pid)} não tem horário fixado que corresponda a este pedido.")
        return [{"kind": "unpin", **a} for a in hits]

    def build_move(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        to_days = [d for d in c.days if d.role == "to"]
        to_rooms = [r for r, role in c.rooms if role == "to"]
        if not (to_days or to_rooms or c.to_time):
            if c.window and c.window_kind == "range" and c.from_time is None:
                c.to_time, c.window = c.window, None
            else:
                raise Unknown("Diga para onde mover (ex.: “de terça para quinta”, “das 14h para as 16h”, “para a sala 2”).")
        if len(to_days) > 1 or len(to_rooms) > 1:
            raise Unknown("Diga um só destino para a mudança.")
        sources = self.allocations(pid, c, role="from")
        if not sources:
            raise Unknown(self.where(pid, c, "from") + " para mover.")
        out = []
        for a in sources:
            to: dict[str, Any] = {}
            if to_rooms:
                to["room"] = to_rooms[0]
            if to_days:
                d = to_days[0]
                to["date"] = (d.date or self.week[WEEKDAYS.index(d.weekday)]).isoformat()
            if c.to_time:
                start, end = c.to_time
                if end is None:
                    end = _fmt(_minutes(start) + _minutes(a["end"]) - _minutes(a["start"]))
                to["start"], to["end"] = start, end
            out.append({"kind": "move", "from": a, "to": to})
        return out

    def build_swap(self, c: Clause) -> list[dict[str, Any]]:
        a_pid, b_pid = self.person(c, 2)
        a_hits, b_hits = self.allocations(a_pid, c), self.allocations(b_pid, c)
        for pid, hits in ((a_pid, a_hits), (b_pid, b_hits)):
            if not hits:
                raise Unknown(self.where(pid, c) + " para trocar.")
        if len(a_hits) != len(b_hits):
            raise Unknown(
                f"{self.dir.person_name(a_pid)} tem {len(a_hits)} horário(s) e {self.dir.person_name(b_pid)} "
                f"{len(b_hits)}; diga o dia ou o horário da troca."
            )
        return [{"kind": "swap", "a": a, "b": b} for a, b in zip(a_hits, b_hits)]

    def build_saturday(self, c: Clause) -> list[dict[str, Any]]:
        (pid,) = self.person(c)
        if not c.rooms:
            raise Unknown("Diga a sala da escala de sábado (ex.: “escala de sábado: Ana na sala 1 das 8h às 12h”).")
        room = c.rooms[0][0]
        saturday = next((d.date for d in c.days if d.date and d.date.weekday() == 5), self.week[5])
        site = self.dir.rooms[room]["site"]
        c.days = [Day(saturday, None, None)]
        window = self.window_of(c, site)
        if window is None:
            hours = self.dir.sites[site].get("opening_hours", {}).get("sat")
            if not hours:
                raise Unknown(f"A unidade {self.dir.site_name(site)} não abre aos sábados.")
            window = (hours[0], hours[1])
        return [{"kind": "add_saturday_entry", "professional": pid, "room": room, "date": saturday.isoformat(),
                 "start": window[0], "end": window[1]}]  # fmt: skip


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _number(text: str) -> float | int:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


class OfflineInterpreter:
    """The default interpreter: the pt-BR grammar above, no network."""

    name = "offline"

    def config(self) -> dict[str, Any]:
        return {"name": self.name}

    def interpret(self, prompt: str, doc: dict[str, Any], *, today: dt.date | None = None) -> Interpretation:
        try:
            changes = Parser(doc, today).parse(prompt)
        except Refused:
            return failed(self.name, REFUSED, REFUSAL)
        except Unsupported as exc:
            return failed(self.name, UNSUPPORTED, f"{exc.message} {CAN_DO}")
        except Ambiguous as exc:
            return failed(self.name, AMBIGUOUS, exc.message, candidates=[exc.to_dict()])
        except Unknown as exc:
            return failed(self.name, ERROR, exc.message, field_name="prompt")
        return finish(self.name, changes_document(*changes), doc)

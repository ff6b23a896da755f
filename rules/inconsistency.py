"""What a checker reports: one broken premissa, its subjects and a pt-BR sentence."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from rules.timeutil import fmt_time

HARD = "hard"
SOFT = "soft"
# A hard premissa broken only inside pins the coordinator accepted: listed, but it stops nothing.
ACCEPTED = "accepted"


@dataclass(frozen=True)
class Inconsistency:
    premissa: str  # rule id, "pin:<i>", "professional:<id>:<field>", "room:<id>:capacity", ...
    rule: str  # the catalogue module that found it (e.g. "room_block")
    message: str  # pt-BR, for the coordinator
    severity: str = HARD
    professional: str | None = None
    room: str | None = None
    date: dt.date | None = None
    start: int | None = None
    end: int | None = None

    def identity(self) -> tuple:
        """What makes two findings the same one, across two versions of a week.

        Not the premissa id alone: a pin's id is its position in the instance, which an edit shifts.
        """
        return (self.rule, self.message, self.professional, self.room, self.date, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        out["start"] = fmt_time(self.start) if self.start is not None else None
        out["end"] = fmt_time(self.end) if self.end is not None else None
        return out


def identity_of(found: dict[str, Any]) -> tuple:
    """`Inconsistency.identity` of a finding already turned into a dict (`to_dict`)."""
    return (found["rule"], found["message"], found.get("professional"), found.get("room"), found.get("date"),
            found.get("start"), found.get("end"))  # fmt: skip

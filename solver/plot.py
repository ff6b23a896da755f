"""A picture of one week: per unit and day, every room's allocations on a time line.

Drawn with matplotlib's object API (no pyplot), so it needs no display and leaves
no global backend state behind. The format follows the file suffix (.svg or .png).
"""
from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from rules.instance import Allocation, Instance, Room
from rules.schedule import Schedule
from rules.timeutil import weekday_of

WEEKDAY_ABBR = {"mon": "Seg", "tue": "Ter", "wed": "Qua", "thu": "Qui", "fri": "Sex", "sat": "Sáb", "sun": "Dom"}
DEFAULT_MAX_SITES = 4  # an 8-unit week is unreadable on one page; draw the first units only

_PALETTE = tuple(
    colour for name in ("tab20", "tab20b", "tab20c") for colour in mpl.colormaps[name].colors
)
_CLOSED = "#d9d9d9"
_OUTSIDE_HOURS = "#f0f0f0"
_BLOCK = "#8c8c8c"
_RESERVED = "#c98a00"
_RESERVED_FILL = (*mpl.colors.to_rgb(_RESERVED), 0.15)

_COLUMN_WIDTH = 9.0  # inches per unit
_ROW_HEIGHT = 0.26  # inches per room lane
_NAME_SIZE = 6.5  # points
_RIGHT = 0.99  # right margin as a fraction of the figure width


def professional_colour(professional_id: str) -> tuple[float, float, float]:
    """A colour that stays the same for a professional across weeks and pictures."""
    return _PALETTE[zlib.crc32(professional_id.encode()) % len(_PALETTE)]


def day_label(day: dt.date) -> str:
    return f"{WEEKDAY_ABBR[weekday_of(day)]} {day.day:02d}/{day.month:02d}"


def plot_week(instance: Instance, schedule: Schedule, path: str | Path, *, max_sites: int = DEFAULT_MAX_SITES) -> None:
    """Write the week of `schedule` as an SVG or PNG picture (by the suffix of `path`).

    One column per unit (the first `max_sites`), one panel per day, one row per room;
    bars are coloured per professional, pins have a thick black edge, room blocks are
    grey and closed days say "fechado".
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise ValueError(f"unsupported picture format {path.suffix!r}; use .svg or .png")

    site_ids = list(instance.sites)[:max_sites]
    rooms = {s: sorted((r for r in instance.rooms.values() if r.site == s), key=_room_order) for s in site_ids}
    days = [
        d for d in instance.dates
        if any(weekday_of(d) in instance.sites[s].opening_hours for s in site_ids)
    ] or list(instance.dates)
    start, end = _time_range(instance, site_ids)
    by_room_date: dict[tuple[str, dt.date], list[Allocation]] = schedule.by_room_date

    # Every panel gets the height of the unit with most room lanes, so rows line up.
    lanes = max((sum(r.capacity for r in rs) for rs in rooms.values()), default=1)
    panel_height = _ROW_HEIGHT * max(lanes, 2) + 0.55
    ncols = max(1, len(site_ids))
    fig = Figure(figsize=(_COLUMN_WIDTH * ncols, panel_height * len(days) + 1.6))
    axes = fig.subplots(len(days), ncols, squeeze=False)
    left, right, wspace = 1.3 / fig.get_figwidth(), _RIGHT, 0.16
    fig.subplots_adjust(left=left, right=right, top=1 - 0.95 / fig.get_figheight(), bottom=0.75 / fig.get_figheight(),
                        hspace=0.9 / panel_height, wspace=wspace)
    axis_inches = (right - left) * fig.get_figwidth() / (ncols + (ncols - 1) * wspace)
    minutes_per_inch = (end - start) / axis_inches

    for col, site_id in enumerate(site_ids):
        for row, day in enumerate(days):
            _draw_panel(axes[row][col], instance, site_id, rooms[site_id], day, by_room_date, start, end,
                        minutes_per_inch, title=row == 0)

    shown = f" — {len(site_ids)} de {len(instance.sites)} unidades" if len(site_ids) < len(instance.sites) else ""
    week_end = instance.week_start + dt.timedelta(days=6)
    fig.suptitle(
        f"Semana de {instance.week_start:%d/%m} a {week_end:%d/%m/%Y}{shown}",
        fontsize=13, y=1 - 0.25 / fig.get_figheight(), va="top",
    )
    fig.legend(
        handles=[
            Patch(facecolor="white", edgecolor="black", linewidth=2.2, label="fixação (escala de sábado, manual)"),
            Patch(facecolor=_BLOCK, alpha=0.6, hatch="xx", label="sala bloqueada"),
            Patch(facecolor=_RESERVED, alpha=0.15, edgecolor=_RESERVED, linestyle="--", label="sala reservada"),
            Patch(facecolor=_OUTSIDE_HOURS, label="fora do horário"),
            Patch(facecolor=_CLOSED, label="fechado"),
        ],
        loc="lower center", ncols=5, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.05 / fig.get_figheight()),
    )
    # Text stays text in the SVG (searchable, small); fixed hash salt and no date make it reproducible.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "agendador"}):
        metadata = {"Date": None} if fmt == "svg" else {}
        fig.savefig(path, format=fmt, dpi=110, metadata=metadata)


def _room_order(room: Room) -> tuple[int, str]:
    # Consulting rooms first in number order, then the shared rooms.
    tail = room.id.rpartition("-")[2]
    return (0, f"{int(tail):04d}") if tail.isdigit() else (1, room.id)


def _time_range(instance: Instance, site_ids: list[str]) -> tuple[int, int]:
    windows = [w for s in site_ids for w in instance.sites[s].opening_hours.values()]
    if not windows:
        return 7 * 60, 21 * 60
    start = min(s for s, _ in windows) // 60 * 60
    end = -(-max(e for _, e in windows) // 60) * 60
    return start, end


def _draw_panel(ax: Axes, instance: Instance, site_id: str, rooms: list[Room], day: dt.date,
                by_room_date: dict[tuple[str, dt.date], list[Allocation]], start: int, end: int,
                minutes_per_inch: float, *, title: bool) -> None:
    site = instance.sites[site_id]
    rows: list[tuple[float, float]] = []  # (top, height) per room, in lane units
    y = 0.0
    for room in rooms:
        rows.append((y, float(room.capacity)))
        y += room.capacity
    total = max(y, 1.0)

    ax.set_xlim(start, end)
    ax.set_ylim(total, 0)
    ax.set_xticks(range(start, end + 1, 60))
    ax.set_xticklabels([f"{m // 60:02d}h" for m in range(start, end + 1, 60)], fontsize=7)
    ax.set_yticks([top + height / 2 for top, height in rows])
    ax.set_yticklabels([_room_label(r) for r in rooms], fontsize=7)
    ax.tick_params(length=2, pad=2)
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    for top, _height in rows[1:]:
        ax.axhline(top, color="#cccccc", linewidth=0.5)
    ax.set_title(day_label(day), fontsize=9, loc="left", pad=3)
    if title:
        ax.set_title(site.name, fontsize=12, fontweight="bold", loc="center", pad=14)

    opening = instance.opening(site_id, day)
    if opening is None:
        ax.axvspan(start, end, color=_CLOSED, zorder=0)
        reason = _closed_reason(instance, site_id, day)
        ax.text((start + end) / 2, total / 2, f"fechado{reason}", ha="center", va="center", fontsize=10,
                color="#555555", fontweight="bold")
        return
    if opening[0] > start:
        ax.axvspan(start, opening[0], color=_OUTSIDE_HOURS, zorder=0)
    if opening[1] < end:
        ax.axvspan(opening[1], end, color=_OUTSIDE_HOURS, zorder=0)

    for room, (top, height) in zip(rooms, rows):
        for _rule, (s, e) in instance.room_blocks(room.id, day):
            ax.add_patch(Rectangle((s, top + 0.05), e - s, height - 0.1, facecolor=_BLOCK, alpha=0.6, hatch="xx",
                                   edgecolor="#666666", linewidth=0.4, zorder=1))
        for _rule, (s, e) in instance.reservations(room.id, day):
            ax.add_patch(Rectangle((s, top + 0.05), e - s, height - 0.1, facecolor=_RESERVED_FILL,
                                   edgecolor=_RESERVED, linestyle="--", linewidth=1.0, zorder=1))
        allocations = sorted(by_room_date.get((room.id, day), []), key=lambda a: (a.start, a.end, a.professional))
        for allocation, lane in _lanes(allocations, room.capacity):
            _draw_allocation(ax, instance, allocation, top + lane, minutes_per_inch)


def _room_label(room: Room) -> str:
    return f"{room.name} (×{room.capacity})" if room.capacity > 1 else room.name


def _closed_reason(instance: Instance, site_id: str, day: dt.date) -> str:
    source = instance.site_closed_by(site_id, day)
    if source is None:
        return ""  # simply not a working day there
    for rule in instance.rules:
        if rule.id == source:
            return f"\n{rule.label}"
    return "\nferiado"


def _lanes(allocations: list[Allocation], capacity: int) -> list[tuple[Allocation, int]]:
    """Give each allocation a lane of the room, so a shared room shows side-by-side bars."""
    lane_end = [0] * max(capacity, 1)
    out = []
    for a in allocations:
        free = [i for i, e in enumerate(lane_end) if e <= a.start]
        lane = free[0] if free else min(range(len(lane_end)), key=lambda i: lane_end[i])  # over capacity: overlap
        lane_end[lane] = a.end
        out.append((a, lane))
    return out


def _draw_allocation(ax: Axes, instance: Instance, a: Allocation, y: float, minutes_per_inch: float) -> None:
    colour = professional_colour(a.professional)
    ax.add_patch(
        Rectangle(
            (a.start, y + 0.08), a.end - a.start, 0.84, facecolor=colour,
            edgecolor="black" if a.pinned else "white", linewidth=2.2 if a.pinned else 0.5, zorder=2,
        )
    )
    name = _fitting_name(instance, a, minutes_per_inch)
    if name:
        ax.text(a.start + (a.end - a.start) / 2, y + 0.5, name, ha="center", va="center", fontsize=_NAME_SIZE,
                color=_text_colour(colour), zorder=3, clip_on=True)


def _fitting_name(instance: Instance, a: Allocation, minutes_per_inch: float) -> str:
    prof = instance.professionals.get(a.professional)
    full = prof.name if prof else a.professional
    words = [w for w in full.split() if w not in ("Dr.", "Dra.")]
    width_chars = (a.end - a.start) / minutes_per_inch * 72 / (_NAME_SIZE * 0.6)
    for candidate in (full, f"{words[0]} {words[-1]}" if len(words) > 1 else full, words[0] if words else full):
        if len(candidate) <= width_chars:
            return candidate
    return ""


def _text_colour(rgb: tuple[float, float, float]) -> str:
    r, g, b = rgb[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"

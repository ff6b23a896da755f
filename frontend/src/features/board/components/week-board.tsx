import { memo, useLayoutEffect, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import type { Allocation } from '@/api/versions';
import { label, PROVENANCE } from '@/lib/labels';
import { shortName } from '@/lib/text';
import { dayLabel, fmtTime } from '@/lib/time';
import type { Band, BoardLayout, Card, DayCell, RoomRow } from '../layout';
import { allocationKey } from '../layout';
import { cellKey, type FeasibilityMap } from '../feasibility';

export type DiffMark = 'added' | 'moved' | 'removed';

export type BoardMarks = {
  highlighted?: Set<string>; // allocation keys (inconsistency panel, prompt preview)
  diff?: Map<string, DiffMark>; // allocation key → how it changed
  ghosts?: Allocation[]; // removed allocations drawn faintly where they were
  selected?: string | null;
};

type Props = {
  layout: BoardLayout;
  canEdit: boolean;
  marks: BoardMarks;
  feasibility: FeasibilityMap | null;
  onSelect?: (allocation: Allocation) => void;
  onResize?: (allocation: Allocation, end: number) => void; // a new end, in minutes, on the grain
};

const HOUR_TICKS = (start: number, end: number) => {
  const ticks: number[] = [];
  for (let m = Math.ceil(start / 60) * 60; m < end; m += 120) ticks.push(m);
  return ticks;
};

/** The board by room: rooms as rows, days across, a time axis inside each day. */
export const WeekBoard = memo(function WeekBoard({ layout, canEdit, marks, feasibility, onSelect, onResize }: Props) {
  if (typeof performance !== 'undefined') performance.mark('board-render');
  // The benchmark reads when a layout reached the DOM (docs/benchmarks.md, "Dashboard").
  useLayoutEffect(() => {
    performance.mark('board-committed');
  }, [layout]);
  const span = layout.dayEnd - layout.dayStart;
  if (layout.rows.length === 0) {
    return <p className="empty">Nenhuma sala corresponde aos filtros.</p>;
  }
  return (
    <div
      className={`board${marks.diff ? ' diff-mode' : ''}`}
      role="grid"
      aria-label="Quadro da semana por sala"
      style={{ ['--days' as string]: layout.days.length }}
    >
      <div className="board-head" role="row">
        <div className="room-col" role="columnheader">
          Sala
        </div>
        {layout.days.map((date) => (
          <div key={date} className="day-head" role="columnheader">
            <span className="day-name">{dayLabel(date)}</span>
            <span className="ticks" aria-hidden="true">
              {HOUR_TICKS(layout.dayStart, layout.dayEnd).map((m) => (
                <span key={m} style={{ left: `${((m - layout.dayStart) / span) * 100}%` }}>
                  {fmtTime(m).slice(0, 2)}h
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
      {layout.rows.map((row) => (
        <RoomRowView key={row.room.id} row={row} layout={layout} canEdit={canEdit} marks={marks} feasibility={feasibility} onSelect={onSelect} onResize={onResize} />
      ))}
    </div>
  );
});

function RoomRowView({ row, layout, canEdit, marks, feasibility, onSelect, onResize }: { row: RoomRow } & Props) {
  return (
    <div className="room-row" role="row" data-room={row.room.id}>
      <div className="room-col" role="rowheader">
        <strong>{row.room.name}</strong>
        <span className="room-kinds">
          {row.room.kinds.join(', ')}
          {row.room.capacity > 1 ? ` · ${row.room.capacity} lugares` : ''}
        </span>
      </div>
      {row.days.map((cell) => (
        <DayCellView
          key={cell.date}
          roomId={row.room.id}
          roomName={row.room.name}
          cell={cell}
          layout={layout}
          canEdit={canEdit}
          marks={marks}
          feasibility={feasibility}
          onSelect={onSelect}
          onResize={onResize}
        />
      ))}
    </div>
  );
}

function pct(minutes: number, layout: BoardLayout): string {
  return `${((minutes - layout.dayStart) / (layout.dayEnd - layout.dayStart)) * 100}%`;
}

function width(start: number, end: number, layout: BoardLayout): string {
  return `${((end - start) / (layout.dayEnd - layout.dayStart)) * 100}%`;
}

type CellProps = {
  roomId: string;
  roomName: string;
  cell: DayCell;
  layout: BoardLayout;
  canEdit: boolean;
  marks: BoardMarks;
  feasibility: FeasibilityMap | null;
  onSelect?: (allocation: Allocation) => void;
  onResize?: (allocation: Allocation, end: number) => void;
};

function DayCellView({ roomId, roomName, cell, layout, canEdit, marks, feasibility, onSelect, onResize }: CellProps) {
  const { setNodeRef, isOver } = useDroppable({
    id: `cell:${roomId}|${cell.date}`,
    data: { room: roomId, roomName, date: cell.date },
    disabled: !canEdit,
  });
  const slots = feasibility?.get(cellKey(roomId, cell.date));
  const ghosts = (marks.ghosts ?? []).filter((g) => g.room === roomId && g.date === cell.date);
  return (
    <div
      ref={setNodeRef}
      role="gridcell"
      className={`day-cell${isOver ? ' over' : ''}`}
      data-cell={`${roomId}|${cell.date}`}
      style={{ ['--lanes' as string]: cell.lanes }}
    >
      {cell.bands.map((band, i) => (
        <BandView key={i} band={band} layout={layout} />
      ))}
      {slots && (
        <div className="feasibility" aria-hidden="true">
          {slots.map((s) => (
            <span
              key={s.start}
              className={`slot ${s.verdict}`}
              title={s.reasons.join('; ')}
              style={{ left: pct(s.start, layout), width: width(s.start, s.start + layout.grain, layout) }}
            />
          ))}
        </div>
      )}
      {ghosts.map((g) => (
        <div
          key={allocationKey(g)}
          className="card ghost"
          style={{ left: pct(toMin(g.start), layout), width: width(toMin(g.start), toMin(g.end), layout), top: 0 }}
          aria-label={`Removida: ${g.professional_name}, ${g.start}–${g.end}`}
          role="img"
        >
          <span className="card-name">{shortName(g.professional_name)}</span>
        </div>
      ))}
      {cell.cards.map((card) => (
        <CardView key={card.allocation.id} card={card} layout={layout} canEdit={canEdit} marks={marks} onSelect={onSelect} onResize={onResize} />
      ))}
    </div>
  );
}

function toMin(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function BandView({ band, layout }: { band: Band; layout: BoardLayout }) {
  return (
    <div className={`band ${band.kind}`} style={{ left: pct(band.start, layout), width: width(band.start, band.end, layout) }} title={band.label}>
      {band.kind !== 'shut' && <span className="band-label">{band.label}</span>}
    </div>
  );
}

export function cardLabel(a: Allocation): string {
  const pinned = a.pinned ? ', fixada' : '';
  return `${a.professional_name}, ${a.room_name}, ${dayLabel(a.date)}, ${a.start} às ${a.end}, origem ${label(PROVENANCE, a.provenance)}${pinned}`;
}

// The solver's own cards carry no mark: the marks point out what a person decided.
const PROVENANCE_MARK: Record<string, string> = { pin: 'F', saturday: 'Sáb', swap: 'T', board: 'Q', prompt: 'P', manual: 'M' };

function hue(code: string): number {
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

type CardProps = {
  card: Card;
  layout: BoardLayout;
  canEdit: boolean;
  marks: BoardMarks;
  onSelect?: (a: Allocation) => void;
  onResize?: (a: Allocation, end: number) => void;
};

function CardView({ card, layout, canEdit, marks, onSelect, onResize }: CardProps) {
  const a = card.allocation;
  const key = allocationKey(a);
  const [previewEnd, setPreviewEnd] = useState<number | null>(null);
  // Resizing stretches the card's end along its day, snapped to the grain; the drop posts a `move` of the end.
  const startResize = (event: ReactPointerEvent) => {
    event.stopPropagation();
    event.preventDefault();
    const cell = (event.currentTarget as HTMLElement).closest('[data-cell]')!.getBoundingClientRect();
    const endAt = (x: number) => {
      const raw = layout.dayStart + ((x - cell.left) / cell.width) * (layout.dayEnd - layout.dayStart);
      const snapped = Math.round(raw / layout.grain) * layout.grain;
      return Math.min(Math.max(snapped, card.start + layout.grain), layout.dayEnd);
    };
    const startX = event.clientX;
    let moved = false; // a click on the edge is a click (it opens the card), not a resize
    const move = (e: PointerEvent) => {
      moved ||= Math.abs(e.clientX - startX) > 3;
      if (moved) setPreviewEnd(endAt(e.clientX));
    };
    const up = (e: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      setPreviewEnd(null);
      const end = endAt(e.clientX);
      if (moved && end !== card.end) onResize?.(a, end);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up, { once: true });
  };
  const end = previewEnd ?? card.end;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `alloc:${a.id}`,
    data: { type: 'allocation', allocation: a },
    disabled: !canEdit,
  });
  const classes = ['card', `prov-${a.provenance}`];
  if (a.pinned) classes.push('pinned');
  if (card.dimmed) classes.push('dimmed');
  if (isDragging) classes.push('dragging');
  if (marks.highlighted?.has(key)) classes.push('highlighted');
  if (marks.selected === key) classes.push('selected');
  const diff = marks.diff?.get(key);
  if (diff) classes.push(`diff-${diff}`);
  return (
    <button
      ref={setNodeRef}
      type="button"
      className={classes.join(' ')}
      data-key={key}
      style={{
        left: pct(card.start, layout),
        width: width(card.start, end, layout),
        top: `calc(${card.lane} * var(--lane-height))`,
        ['--hue' as string]: hue(a.professional),
      }}
      title={`${a.professional_name} — ${a.start}–${a.end} (${label(PROVENANCE, a.provenance)})`}
      {...(canEdit ? listeners : {})}
      {...(canEdit ? attributes : {})}
      aria-pressed={marks.selected === key}
      onClick={() => onSelect?.(a)}
    >
      {/* The visible short name leads the accessible name; the rest is read, not shown. */}
      <span className="card-name">{shortName(a.professional_name)}</span>
      <span className="sr-only">{` — ${cardLabel(a)}${diff ? `, ${DIFF_LABEL[diff]}` : ''}. `}</span>
      <span className="card-time">
        {a.start.replace(':00', 'h')}–{a.end.replace(':00', 'h')}
      </span>
      <span className="card-mark" aria-hidden="true">
        {a.pinned && <PinIcon />}
        {PROVENANCE_MARK[a.provenance ?? ''] ?? ''}
      </span>
      {canEdit && onResize && <span className="resize-handle" aria-hidden="true" onPointerDown={startResize} />}
      {previewEnd !== null && <span className="resize-preview">até {fmtTime(previewEnd)}</span>}
    </button>
  );
}

/** A drawing, not an emoji: the reception's machines may have no emoji font. */
export function PinIcon() {
  return (
    <svg className="pin-icon" viewBox="0 0 16 16" width="10" height="10" aria-hidden="true" focusable="false">
      <path d="M5 1h6l-1 5 3 3H9v6l-1 1-1-1V9H3l3-3z" fill="currentColor" />
    </svg>
  );
}

export const DIFF_LABEL: Record<DiffMark, string> = { added: 'adicionada', moved: 'movida', removed: 'removida' };

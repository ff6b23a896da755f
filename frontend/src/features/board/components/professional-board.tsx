import { useDraggable, useDroppable } from '@dnd-kit/core';
import type { Allocation } from '@/api/versions';
import type { Week, WeekProfessional } from '@/api/week';
import { matches } from '@/lib/text';
import { dayLabel, toMinutes } from '@/lib/time';
import { cellKey, type FeasibilityMap } from '../feasibility';
import { allocationKey, boardDays, minutesByProfessional } from '../layout';
import type { BoardMarks } from './week-board';
import { HoursBar } from './hours-bar';

type Props = {
  week: Week;
  allocations: Allocation[];
  query: string;
  day?: string;
  marks: BoardMarks;
  onSelect?: (a: Allocation) => void;
  /** Inside the board editor: cards move along their person's row (same room, another time or day). */
  canEdit?: boolean;
  feasibility?: FeasibilityMap | null;
  moving?: Allocation | null;
};

const START = 7 * 60;
const END = 21 * 60;
const pct = (m: number) => `${((m - START) / (END - START)) * 100}%`;
const span = (from: number, to: number) => `${((to - from) / (END - START)) * 100}%`;

type Sites = Map<string, { name: string; index: number }>;

/** The board by professional: each person's week across every site, with their hours against the limits. */
export function ProfessionalBoard({ week, allocations, query, day, marks, onSelect, canEdit = false, feasibility = null, moving = null }: Props) {
  let days = boardDays(week, week.sites.find((s) => s.opening_hours.sun) ?? week.sites[0]);
  if (day && days.includes(day)) days = [day];
  const minutes = minutesByProfessional(allocations);
  const sites: Sites = new Map(week.sites.map((s, i) => [s.id, { name: s.name, index: i }]));
  const roomSite = new Map(week.rooms.map((r) => [r.id, r.site]));
  const people = week.professionals.filter((p) => matches(p.name, query));
  if (people.length === 0) return <p className="empty">Ninguém com esse nome.</p>;
  return (
    <div className="board by-person" role="grid" aria-label="Quadro da semana por profissional" style={{ ['--days' as string]: days.length }}>
      <div className="board-head" role="row">
        <div className="room-col" role="columnheader">
          Profissional
        </div>
        {days.map((d) => (
          <div key={d} className="day-head" role="columnheader">
            <span className="day-name">{dayLabel(d)}</span>
          </div>
        ))}
      </div>
      {people.map((p) => (
        <div key={p.id} className="room-row" role="row">
          <div className="room-col" role="rowheader">
            <strong>{p.name}</strong>
            <HoursBar professional={p} minutes={minutes.get(p.id) ?? 0} />
          </div>
          {days.map((d) => (
            <PersonDay
              key={d}
              person={p}
              date={d}
              allocations={allocations.filter((a) => a.professional === p.id && a.date === d)}
              sites={sites}
              roomSite={roomSite}
              marks={marks}
              onSelect={onSelect}
              canEdit={canEdit}
              slots={moving?.professional === p.id ? feasibility?.get(cellKey(moving.room, d)) : undefined}
              grain={week.grain_minutes}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

type DayProps = {
  person: WeekProfessional;
  date: string;
  allocations: Allocation[];
  sites: Sites;
  roomSite: Map<string, string>;
  marks: BoardMarks;
  onSelect?: (a: Allocation) => void;
  canEdit: boolean;
  slots?: { start: number; verdict: string; reasons: string[] }[];
  grain: number;
};

function PersonDay({ person, date, allocations, sites, roomSite, marks, onSelect, canEdit, slots, grain }: DayProps) {
  const { setNodeRef, isOver } = useDroppable({
    id: `person-cell:${person.id}|${date}`,
    data: { professional: person.id, date, dayStart: START, dayEnd: END },
    disabled: !canEdit,
  });
  return (
    <div
      ref={setNodeRef}
      className={`day-cell${isOver ? ' over' : ''}`}
      role="gridcell"
      data-cell={`${person.id}|${date}`}
      data-day-start={START}
      data-day-end={END}
    >
      {slots && (
        <div className="feasibility" aria-hidden="true">
          {slots.map((s) => (
            <span key={s.start} className={`slot ${s.verdict}`} title={s.reasons.join('; ')} style={{ left: pct(s.start), width: span(s.start, s.start + grain) }} />
          ))}
        </div>
      )}
      {allocations.map((a) => (
        <PersonCard key={a.id} allocation={a} person={person} sites={sites} roomSite={roomSite} marks={marks} onSelect={onSelect} canEdit={canEdit} />
      ))}
    </div>
  );
}

type CardProps = Omit<DayProps, 'date' | 'allocations' | 'slots' | 'grain'> & { allocation: Allocation };

function PersonCard({ allocation: a, person, sites, roomSite, marks, onSelect, canEdit }: CardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `alloc:${a.id}`,
    data: { type: 'allocation', allocation: a },
    disabled: !canEdit,
  });
  const s = toMinutes(a.start);
  const e = toMinutes(a.end);
  const site = sites.get(roomSite.get(a.room) ?? a.site);
  const key = allocationKey(a);
  const diff = marks.diff?.get(key);
  const classes = ['card', `site-${site?.index ?? 0}`];
  if (marks.highlighted?.has(key)) classes.push('highlighted');
  if (diff) classes.push(`diff-${diff}`);
  if (a.pinned) classes.push('pinned');
  if (isDragging) classes.push('dragging');
  return (
    <button
      ref={setNodeRef}
      type="button"
      className={classes.join(' ')}
      data-key={key}
      style={{ left: pct(s), width: span(s, e), top: 0 }}
      title={`${site?.name ?? ''} · ${a.room_name} · ${a.start}–${a.end}`}
      {...(canEdit ? listeners : {})}
      {...(canEdit ? attributes : {})}
      onClick={() => onSelect?.(a)}
    >
      <span className="card-name">{a.room_name}</span>
      <span className="sr-only">{` — ${person.name}, ${dayLabel(a.date)}, ${a.start} às ${a.end}. `}</span>
      <span className="card-time">{site?.name}</span>
    </button>
  );
}

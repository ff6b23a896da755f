import type { Allocation } from '@/api/versions';
import type { Week } from '@/api/week';
import { matches } from '@/lib/text';
import { dayLabel, toMinutes } from '@/lib/time';
import { allocationKey, boardDays, minutesByProfessional } from '../layout';
import type { BoardMarks } from './week-board';
import { HoursBar } from './hours-bar';

type Props = { week: Week; allocations: Allocation[]; query: string; day?: string; marks: BoardMarks; onSelect?: (a: Allocation) => void };

const START = 7 * 60;
const END = 21 * 60;

/** The board by professional: each person's week across every site, with their hours against the limits. */
export function ProfessionalBoard({ week, allocations, query, day, marks, onSelect }: Props) {
  let days = boardDays(week, week.sites.find((s) => s.opening_hours.sun) ?? week.sites[0]);
  if (day && days.includes(day)) days = [day];
  const minutes = minutesByProfessional(allocations);
  const sites = new Map(week.sites.map((s, i) => [s.id, { name: s.name, index: i }]));
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
            <div key={d} className="day-cell" role="gridcell">
              {allocations
                .filter((a) => a.professional === p.id && a.date === d)
                .map((a) => {
                  const s = toMinutes(a.start);
                  const e = toMinutes(a.end);
                  const site = sites.get(roomSite.get(a.room) ?? a.site);
                  const key = allocationKey(a);
                  const diff = marks.diff?.get(key);
                  return (
                    <button
                      type="button"
                      key={a.id}
                      className={`card site-${site?.index ?? 0}${marks.highlighted?.has(key) ? ' highlighted' : ''}${diff ? ` diff-${diff}` : ''}${a.pinned ? ' pinned' : ''}`}
                      data-key={key}
                      style={{ left: `${((s - START) / (END - START)) * 100}%`, width: `${((e - s) / (END - START)) * 100}%`, top: 0 }}
                      title={`${site?.name ?? ''} · ${a.room_name} · ${a.start}–${a.end}`}
                      onClick={() => onSelect?.(a)}
                    >
                      <span className="card-name">{a.room_name}</span>
                      <span className="sr-only">{` — ${p.name}, ${dayLabel(d)}, ${a.start} às ${a.end}. `}</span>
                      <span className="card-time">{site?.name}</span>
                    </button>
                  );
                })}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

import { Field } from '@/components/field';
import { useId } from 'react';
import type { Week } from '@/api/week';
import { dayLabel } from '@/lib/time';
import { boardDays, type BoardFilters } from '../layout';

type Props = {
  week: Week;
  siteId: string;
  filters: BoardFilters;
  view: 'salas' | 'profissionais';
  onChange: (patch: Partial<BoardFilters> & { view?: 'salas' | 'profissionais' }) => void;
};

/** Room kind, room, person (type-ahead, accents ignored) and day; every choice lives in the URL. */
export function FiltersBar({ week, siteId, filters, view, onChange }: Props) {
  const listId = useId();
  const site = week.sites.find((s) => s.id === siteId);
  const rooms = week.rooms.filter((r) => r.site === siteId);
  const kinds = [...new Set(rooms.flatMap((r) => r.kinds))].sort();
  return (
    <div className="filters" role="search" aria-label="Filtros do quadro">
      <div className="view-toggle" role="group" aria-label="Vista">
        <button type="button" aria-pressed={view === 'salas'} onClick={() => onChange({ view: 'salas' })}>
          Por sala
        </button>
        <button type="button" aria-pressed={view === 'profissionais'} onClick={() => onChange({ view: 'profissionais' })}>
          Por profissional
        </button>
      </div>
      {view === 'salas' && (
        <>
          <Field label="Tipo de sala">
            <select value={filters.kind ?? ''} onChange={(e) => onChange({ kind: e.target.value || undefined })}>
              <option value="">todos</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Sala">
            <select value={filters.room ?? ''} onChange={(e) => onChange({ room: e.target.value || undefined })}>
              <option value="">todas</option>
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
      <Field label="Profissional">
        <input
          type="search"
          list={listId}
          value={filters.professional ?? ''}
          placeholder="nome"
          onChange={(e) => onChange({ professional: e.target.value || undefined })}
        />
      </Field>
      <datalist id={listId}>
        {week.professionals.map((p) => (
          <option key={p.id} value={p.name} />
        ))}
      </datalist>
      <Field label="Dia">
        <select value={filters.day ?? ''} onChange={(e) => onChange({ day: e.target.value || undefined })}>
          <option value="">a semana</option>
          {boardDays(week, site).map((d) => (
            <option key={d} value={d}>
              {dayLabel(d)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

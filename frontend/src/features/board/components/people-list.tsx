import { useDraggable } from '@dnd-kit/core';
import type { WeekProfessional } from '@/api/week';
import { matches } from '@/lib/text';
import { fmtHours } from '@/lib/time';
import { HoursBar } from './hours-bar';

type Props = {
  professionals: WeekProfessional[];
  minutes: Map<string, number>;
  query: string;
  canEdit: boolean;
};

/** The people of the week with their hours; a coordinator drags one into an empty slot to allocate them. */
export function PeopleList({ professionals, minutes, query, canEdit }: Props) {
  const shown = professionals.filter((p) => matches(p.name, query));
  return (
    <section className="people" aria-label="Profissionais">
      <h2>Profissionais</h2>
      {canEdit && <p className="hint">Arraste uma pessoa até um horário vago para alocá-la.</p>}
      <ul>
        {shown.map((p) => (
          <Person key={p.id} professional={p} minutes={minutes.get(p.id) ?? 0} canEdit={canEdit} />
        ))}
      </ul>
      {shown.length === 0 && <p className="empty">Ninguém com esse nome.</p>}
    </section>
  );
}

function Person({ professional, minutes, canEdit }: { professional: WeekProfessional; minutes: number; canEdit: boolean }) {
  const { attributes, listeners, setNodeRef } = useDraggable({
    id: `prof:${professional.id}`,
    data: { type: 'professional', professional },
    disabled: !canEdit,
  });
  return (
    <li>
      <span
        ref={setNodeRef}
        className={`person${canEdit ? ' draggable' : ''}`}
        {...(canEdit ? listeners : {})}
        {...(canEdit ? attributes : {})}
      >
        <span className="person-name">{professional.name}</span>
        <span className="person-hours">{fmtHours(minutes)}</span>
      </span>
      <HoursBar professional={professional} minutes={minutes} />
    </li>
  );
}

import { useState } from 'react';
import type { Allocation } from '@/api/versions';
import type { Week } from '@/api/week';
import { KeepAnywayDialog } from '@/components/keep-anyway-dialog';
import { ErrorBox, Loading } from '@/components/status';
import { label, PROVENANCE } from '@/lib/labels';
import { fmtTime, longDayLabel, toMinutes } from '@/lib/time';
import { refusalOf, useEditVersion, type AllocationRef, type Change } from '../api/edit-version';
import { useSuggestions } from '../api/get-suggestions';

type Props = {
  allocation: Allocation;
  week: Week;
  versionId: number;
  canEdit: boolean;
  swapping: boolean;
  onStartSwap: () => void;
  onNewVersion: (id: number) => void;
  onClose: () => void;
};

export function refOf(a: Allocation): AllocationRef {
  return { professional: a.professional, room: a.room, date: a.date, start: a.start, end: a.end };
}

/** One card opened: its facts and what a coordinator can do with it (pin, suggest, swap). */
export function CardPanel({ allocation: a, week, versionId, canEdit, swapping, onStartSwap, onNewVersion, onClose }: Props) {
  const [suggest, setSuggest] = useState(false);
  const [refused, setRefused] = useState<{ message: string; items: string[]; changes: Change[] } | null>(null);
  const edit = useEditVersion();
  const suggestions = useSuggestions(versionId, suggest ? refOf(a) : null);
  const rooms = new Map(week.rooms.map((r) => [r.id, r.name]));

  const apply = (changes: Change[], accept = false) =>
    edit.mutate(
      { versionId, changes, acceptInconsistencies: accept },
      {
        onSuccess: (v) => onNewVersion(v.id),
        onError: (error) => {
          const r = refusalOf(error);
          setRefused({ message: r.message, items: r.kind === 'inconsistent' ? r.inconsistencies.map((i) => i.message) : [], changes });
        },
      },
    );

  const duration = toMinutes(a.end) - toMinutes(a.start);
  const resize = (delta: number) => apply([{ kind: 'move', from: refOf(a), to: { end: fmtTime(toMinutes(a.end) + delta) } }]);

  return (
    <section className="card-panel" aria-label={`Alocação de ${a.professional_name}`}>
      <header>
        <h2>{a.professional_name}</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Fechar o cartão">
          ✕
        </button>
      </header>
      <dl>
        <dt>Sala</dt>
        <dd>{a.room_name}</dd>
        <dt>Dia</dt>
        <dd>{longDayLabel(a.date)}</dd>
        <dt>Horário</dt>
        <dd>
          {a.start}–{a.end}
        </dd>
        <dt>Origem</dt>
        <dd>
          {label(PROVENANCE, a.provenance)}
          {a.pinned ? ' · fixada' : ''}
        </dd>
      </dl>
      {canEdit && (
        <div className="card-actions">
          {a.pinned ? (
            <button type="button" onClick={() => apply([{ kind: 'unpin', ...refOf(a) }])} disabled={edit.isPending}>
              Desafixar
            </button>
          ) : (
            <button type="button" onClick={() => apply([{ kind: 'pin', source: 'board', ...refOf(a) }])} disabled={edit.isPending}>
              Fixar
            </button>
          )}
          <button type="button" onClick={() => resize(-30)} disabled={edit.isPending || duration <= 30} aria-label="Encurtar 30 minutos">
            −30 min
          </button>
          <button type="button" onClick={() => resize(30)} disabled={edit.isPending || toMinutes(a.end) >= 24 * 60} aria-label="Alongar 30 minutos">
            +30 min
          </button>
          <button type="button" onClick={() => setSuggest(true)} disabled={suggest}>
            Sugerir
          </button>
          <button type="button" onClick={onStartSwap} aria-pressed={swapping}>
            {swapping ? 'Escolha o outro cartão…' : 'Trocar com…'}
          </button>
        </div>
      )}
      {edit.isPending && <Loading label="Salvando…" />}
      {suggest && (
        <div className="suggestions">
          <h3>Sugestões</h3>
          {suggestions.isPending && <Loading label="Procurando os melhores lugares…" />}
          {suggestions.isError && <ErrorBox error={suggestions.error} />}
          {suggestions.data && suggestions.data.length === 0 && <p className="empty">Nenhum outro lugar mantém as premissas.</p>}
          <ol>
            {suggestions.data?.map((s) => (
              <li key={`${s.room}${s.date}${s.start}`}>
                <span>
                  {rooms.get(s.room) ?? s.room}, {longDayLabel(s.date)}, {s.start}–{s.end}{' '}
                  <small>{s.delta === 0 ? 'sem custo' : s.delta < 0 ? `melhora ${-s.delta}` : `piora ${s.delta}`}</small>
                </span>
                <button type="button" onClick={() => apply(s.changes)} disabled={edit.isPending}>
                  Aplicar
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
      {refused && (
        <KeepAnywayDialog
          title="A edição quebra premissas"
          intro={refused.message}
          items={refused.items}
          acceptLabel={refused.items.length > 0 ? 'Manter mesmo assim' : undefined}
          onAccept={() => apply(refused.changes, true)}
          onClose={() => setRefused(null)}
        />
      )}
    </section>
  );
}

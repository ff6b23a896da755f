import { Field } from '@/components/field';
import { useState, type FormEvent } from 'react';
import type { Week } from '@/api/week';
import { ErrorBox } from '@/components/status';
import { dayLabel, weekDates } from '@/lib/time';
import { useStartWhatIf, type ScenarioChange } from '../api/runs';

type Props = { week: Week; baseVersion: number; onStarted: (runId: number) => void };

type Kind = 'block_room' | 'unblock_room' | 'mark_absent' | 'set_hour_limits';

const PERIODS: Record<string, [string, string] | null> = {
  dia: null,
  manha: ['07:00', '12:00'],
  tarde: ['12:00', '18:00'],
  noite: ['18:00', '21:00'],
};
const PERIOD_LABEL: Record<string, string> = { dia: 'o dia todo', manha: 'manhã (7h–12h)', tarde: 'tarde (12h–18h)', noite: 'noite (18h–21h)' };

const KIND_LABEL: Record<Kind, string> = {
  block_room: 'Bloquear uma sala',
  unblock_room: 'Desbloquear uma sala',
  mark_absent: 'Marcar uma ausência',
  set_hour_limits: 'Mudar limites de horas',
};

/** A plain-words description of one scenario change. */
export function describeChange(change: ScenarioChange, week: Week): string {
  const room = week.rooms.find((r) => r.id === change.room)?.name ?? String(change.room ?? '');
  const person = week.professionals.find((p) => p.id === change.professional)?.name ?? String(change.professional ?? '');
  const when = change.date ? dayLabel(String(change.date)) : 'a semana toda';
  const hours = change.start ? ` das ${change.start} às ${change.end}` : '';
  switch (change.kind) {
    case 'block_room':
      return `Bloquear ${room} — ${when}${hours}`;
    case 'unblock_room':
      return `Desbloquear ${room} — ${when}`;
    case 'mark_absent':
      return `${person} ausente — ${when}${hours}`;
    case 'set_hour_limits': {
      const parts = [
        change.max_weekly_hours != null && `máximo ${change.max_weekly_hours} h/semana`,
        change.min_weekly_hours != null && `mínimo ${change.min_weekly_hours} h`,
        change.target_weekly_hours != null && `meta ${change.target_weekly_hours} h`,
        change.max_daily_hours != null && `máximo ${change.max_daily_hours} h/dia`,
      ].filter(Boolean);
      return `${person}: ${parts.join(', ')}`;
    }
    default:
      return change.kind;
  }
}

/** The scenario editor: a list of changes, minimal change on/off, the time to think, and go. */
export function WhatIfForm({ week, baseVersion, onStarted }: Props) {
  const [changes, setChanges] = useState<ScenarioChange[]>([]);
  const [kind, setKind] = useState<Kind>('block_room');
  const [room, setRoom] = useState(week.rooms[0]?.id ?? '');
  const [person, setPerson] = useState(week.professionals[0]?.id ?? '');
  const [date, setDate] = useState('');
  const [period, setPeriod] = useState('dia');
  const [maxWeekly, setMaxWeekly] = useState('');
  const [minWeekly, setMinWeekly] = useState('');
  const [minimalChange, setMinimalChange] = useState(true);
  const [timeLimit, setTimeLimit] = useState(20);
  const [problem, setProblem] = useState('');
  const start = useStartWhatIf();
  const dates = weekDates(week.week_start).slice(0, 6);
  const sites = new Map(week.sites.map((s) => [s.id, s.name]));

  const add = () => {
    setProblem('');
    const window = PERIODS[period];
    const scoped = { ...(date ? { date } : {}), ...(window ? { start: window[0], end: window[1] } : {}) };
    if (kind === 'block_room') setChanges([...changes, { kind, room, ...scoped }]);
    if (kind === 'unblock_room') setChanges([...changes, { kind, room, ...(date ? { date } : {}) }]);
    if (kind === 'mark_absent') setChanges([...changes, { kind, professional: person, ...scoped }]);
    if (kind === 'set_hour_limits') {
      const limits: Record<string, number> = {};
      if (maxWeekly !== '') limits.max_weekly_hours = Number(maxWeekly.replace(',', '.'));
      if (minWeekly !== '') limits.min_weekly_hours = Number(minWeekly.replace(',', '.'));
      if (Object.values(limits).some((v) => Number.isNaN(v) || v < 0)) {
        setProblem('Informe as horas como números (ex.: 20 ou 7,5).');
        return;
      }
      if (Object.keys(limits).length === 0) {
        setProblem('Informe ao menos um limite.');
        return;
      }
      setChanges([...changes, { kind, professional: person, ...limits }]);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ baseVersion, changes, minimalChange, timeLimit }, { onSuccess: (run) => onStarted(run.id) });
  };

  return (
    <form className="what-if-form" onSubmit={submit} aria-label="Simulação">
      <fieldset>
        <legend>Nova mudança</legend>
        <Field label="O quê">
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {Object.entries(KIND_LABEL).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        {(kind === 'block_room' || kind === 'unblock_room') && (
          <Field label="Sala">
            <select value={room} onChange={(e) => setRoom(e.target.value)}>
              {week.rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({sites.get(r.site)})
                </option>
              ))}
            </select>
          </Field>
        )}
        {(kind === 'mark_absent' || kind === 'set_hour_limits') && (
          <Field label="Profissional">
            <select value={person} onChange={(e) => setPerson(e.target.value)}>
              {week.professionals.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind !== 'set_hour_limits' && (
          <Field label="Quando">
            <select value={date} onChange={(e) => setDate(e.target.value)}>
              <option value="">a semana toda</option>
              {dates.map((d) => (
                <option key={d} value={d}>
                  {dayLabel(d)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {(kind === 'block_room' || kind === 'mark_absent') && (
          <Field label="Período">
            <select value={period} onChange={(e) => setPeriod(e.target.value)}>
              {Object.keys(PERIODS).map((p) => (
                <option key={p} value={p}>
                  {PERIOD_LABEL[p]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'set_hour_limits' && (
          <>
            <Field label="Máximo por semana (h)">
              <input inputMode="decimal" value={maxWeekly} onChange={(e) => setMaxWeekly(e.target.value)} />
            </Field>
            <Field label="Mínimo por semana (h)">
              <input inputMode="decimal" value={minWeekly} onChange={(e) => setMinWeekly(e.target.value)} />
            </Field>
          </>
        )}
        <button type="button" onClick={add}>
          Adicionar mudança
        </button>
        {problem && <p role="alert" className="field-error">{problem}</p>}
      </fieldset>
      <section aria-label="Mudanças da simulação">
        <h3>Mudanças</h3>
        {changes.length === 0 ? (
          <p className="empty">Nenhuma mudança ainda: sem mudanças, a simulação só refaz a semana.</p>
        ) : (
          <ol className="changes">
            {changes.map((c, i) => (
              <li key={i}>
                {describeChange(c, week)}{' '}
                <button type="button" className="link" onClick={() => setChanges(changes.filter((_, j) => j !== i))} aria-label={`Remover: ${describeChange(c, week)}`}>
                  remover
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <label className="check">
        <input type="checkbox" checked={minimalChange} onChange={(e) => setMinimalChange(e.target.checked)} /> Mexer o mínimo possível na agenda atual
      </label>
      <Field label="Tempo de cálculo (segundos)">
        <input type="number" min={1} max={600} value={timeLimit} onChange={(e) => setTimeLimit(Math.max(1, Math.min(600, Number(e.target.value) || 1)))} />
      </Field>
      {start.isError && <ErrorBox error={start.error} />}
      <button type="submit" className="primary" disabled={start.isPending}>
        {start.isPending ? 'Iniciando…' : 'Simular'}
      </button>
    </form>
  );
}

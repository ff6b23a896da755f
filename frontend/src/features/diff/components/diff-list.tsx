import type { Week } from '@/api/week';
import { dayLabel } from '@/lib/time';
import type { Diff, DiffAllocation } from '../api/get-diff';

type Entry = { kind: 'added' | 'removed' | 'moved'; text: string };

/** The changes between two versions as a list grouped by professional, with each one's hour delta. */
export function DiffList({ diff, week }: { diff: Diff; week: Week }) {
  const names = new Map(week.professionals.map((p) => [p.id, p.name]));
  // A room's name, with its site's when another site has a room of the same name ("Consultório 1 (Savassi)").
  const siteNames = new Map(week.sites.map((s) => [s.id, s.name]));
  const sitesByName = new Map<string, Set<string>>();
  week.rooms.forEach((r) => sitesByName.set(r.name, (sitesByName.get(r.name) ?? new Set()).add(r.site)));
  const rooms = new Map(
    week.rooms.map((r) => [r.id, (sitesByName.get(r.name)?.size ?? 1) > 1 ? `${r.name} (${siteNames.get(r.site) ?? r.site})` : r.name]),
  );
  const where = (a: DiffAllocation) => `${rooms.get(a.room) ?? a.room}, ${dayLabel(a.date)}, ${a.start}–${a.end}`;
  const byPerson = new Map<string, Entry[]>();
  const push = (p: string, e: Entry) => byPerson.set(p, [...(byPerson.get(p) ?? []), e]);
  diff.added.forEach((a) => push(a.professional, { kind: 'added', text: `+ ${where(a)}` }));
  diff.removed.forEach((a) => push(a.professional, { kind: 'removed', text: `− ${where(a)}` }));
  diff.moved.forEach((m) => push(m.to.professional, { kind: 'moved', text: `${where(m.from)} → ${where(m.to)}` }));
  const people = [...byPerson.keys()].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'pt-BR'));
  const c = diff.counts;
  return (
    <section className="diff-list" aria-label="Diferenças por profissional">
      <p className="summary">
        <span className="badge added">{c.added ?? 0} adicionadas</span> <span className="badge moved">{c.moved ?? 0} movidas</span>{' '}
        <span className="badge removed">{c.removed ?? 0} removidas</span> <span className="badge">{c.unchanged ?? 0} iguais</span>
      </p>
      {people.length === 0 && <p className="empty">As duas versões são iguais.</p>}
      {people.map((p) => {
        const delta = diff.hour_deltas[p] ?? 0;
        return (
          <details key={p} open>
            <summary>
              {names.get(p) ?? p}{' '}
              {delta !== 0 && (
                <span className={delta > 0 ? 'delta up' : 'delta down'}>
                  {delta > 0 ? '+' : ''}
                  {String(delta).replace('.', ',')} h
                </span>
              )}
            </summary>
            <ul>
              {byPerson.get(p)!.map((e, i) => (
                <li key={i} className={`diff-${e.kind}`}>
                  {e.text}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}

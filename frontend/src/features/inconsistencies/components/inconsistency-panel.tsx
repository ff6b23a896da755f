import { useMemo } from 'react';
import type { Allocation } from '@/api/versions';
import { ErrorBox, Loading } from '@/components/status';
import { label, RULE_MODULE } from '@/lib/labels';
import type { Inconsistency } from '../api/get-inconsistencies';
import { allocationsOf } from '../match';

type Props = {
  items: Inconsistency[] | undefined;
  drift: Inconsistency[] | undefined;
  allocations: Allocation[];
  loading: boolean;
  error: unknown;
  onPick: (allocations: Allocation[]) => void;
  accepted?: Set<string>; // messages of hard findings a coordinator explicitly kept on this version
};

type Group = { rule: string; severity: string; items: Inconsistency[] };

function groupsOf(items: Inconsistency[]): Group[] {
  const map = new Map<string, Group>();
  for (const item of items) {
    const key = `${item.severity}|${item.rule}`;
    const group = map.get(key) ?? { rule: item.rule, severity: item.severity, items: [] };
    group.items.push(item);
    map.set(key, group);
  }
  const order = (s: string) => (s === 'hard' ? 0 : s === 'accepted' ? 1 : 2);
  return [...map.values()].sort((a, b) => order(a.severity) - order(b.severity) || b.items.length - a.items.length);
}

const SEVERITY: Record<string, string> = { hard: 'quebra', accepted: 'aceita', soft: 'objetivo' };

/** The rule catalogue's verdict on the version on screen, grouped by premissa; each item finds its cards. */
export function InconsistencyPanel({ items, drift, allocations, loading, error, onPick, accepted }: Props) {
  // A hard finding the coordinator kept stays listed, as accepted rather than as a break.
  const judged = useMemo(
    () => (items ?? []).map((i) => (i.severity === 'hard' && accepted?.has(i.message) ? { ...i, severity: 'accepted' } : i)),
    [items, accepted],
  );
  const groups = useMemo(() => groupsOf([...judged, ...(drift ?? [])]), [judged, drift]);
  const hard = judged.filter((i) => i.severity === 'hard').length;
  return (
    <section className="panel" aria-labelledby="panel-title">
      <h2 id="panel-title">Inconsistências</h2>
      {loading && <Loading label="Conferindo as premissas…" />}
      {Boolean(error) && <ErrorBox error={error} />}
      {items && (
        <p className={hard ? 'summary bad' : 'summary good'}>
          {hard === 0 ? 'Nenhuma premissa obrigatória quebrada.' : `${hard} ${hard === 1 ? 'premissa obrigatória quebrada' : 'premissas obrigatórias quebradas'}.`}
        </p>
      )}
      {groups.map((g) => (
        <details key={`${g.severity}${g.rule}`} open={g.severity !== 'soft'} className={`group ${g.severity}`}>
          <summary>
            <span className={`badge ${g.severity}`}>{SEVERITY[g.severity] ?? g.severity}</span> {label(RULE_MODULE, g.rule)}{' '}
            <span className="count">({g.items.length})</span>
          </summary>
          <ul>
            {g.items.slice(0, 50).map((item, i) => {
              const cards = allocationsOf(item, allocations);
              return (
                <li key={i}>
                  {cards.length > 0 ? (
                    <button type="button" className="link" onClick={() => onPick(cards)}>
                      {item.message}
                    </button>
                  ) : (
                    <span>{item.message}</span>
                  )}
                </li>
              );
            })}
          </ul>
          {g.items.length > 50 && <p className="hint">e mais {g.items.length - 50}…</p>}
        </details>
      ))}
    </section>
  );
}

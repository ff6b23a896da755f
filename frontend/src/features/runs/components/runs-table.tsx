import { Link } from 'react-router';
import type { Schemas } from '@/lib/api-client';
import { label, RUN_KIND, RUN_STATUS, SOLVER_STATUS } from '@/lib/labels';
import { dateTimeLabel } from '@/lib/time';

type Run = Schemas['SolveRun'];
type Conflict = { rules?: string[]; message: string };

/** Where, in the admin, the coordinator edits the premissa a conflict names (`r-3`, `pin:0`, `professional:p-ana:max_weekly_hours`). */
export function editLink(id: string): { href: string; label: string } | null {
  const [head, subject] = id.split(':');
  if (head === 'pin') return { href: '/admin/clinic/pin/', label: 'editar fixações' };
  if (head === 'professional' && subject) return { href: `/admin/clinic/professional/?q=${encodeURIComponent(subject)}`, label: `editar ${subject}` };
  if (head === 'room' && subject) return { href: `/admin/clinic/room/?q=${encodeURIComponent(subject)}`, label: `editar sala ${subject}` };
  if (head === 'site' && subject) return { href: `/admin/clinic/site/?q=${encodeURIComponent(subject)}`, label: `editar unidade ${subject}` };
  if (!id.includes(':')) return { href: `/admin/clinic/rule/?q=${encodeURIComponent(id)}`, label: `editar premissa ${id}` };
  return null;
}

const fmt = (n: number | null | undefined) => (n == null ? '—' : Math.round(n).toLocaleString('pt-BR'));

/** Every solve of the week: what, when, how it ended, and why when it could not. */
export function RunsTable({ runs, boardLink }: { runs: Run[]; boardLink: (versionId: number) => string }) {
  if (runs.length === 0) return <p className="empty">Nenhuma execução nesta semana.</p>;
  return (
    <table className="runs">
      <caption>Execuções do solver</caption>
      <thead>
        <tr>
          <th scope="col">Nº</th>
          <th scope="col">Tipo</th>
          <th scope="col">Situação</th>
          <th scope="col">Início</th>
          <th scope="col">Objetivo</th>
          <th scope="col">Limite</th>
          <th scope="col">Distância</th>
          <th scope="col">Resultado</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const conflicts = (run.conflicts as Conflict[] | null) ?? [];
          return (
            <tr key={run.id}>
              <td>{run.id}</td>
              <td>{label(RUN_KIND, run.kind)}</td>
              <td>
                {label(RUN_STATUS, run.status)}
                {run.solver_status ? ` (${label(SOLVER_STATUS, run.solver_status)})` : ''}
              </td>
              <td>{dateTimeLabel(run.started_at ?? run.created_at)}</td>
              <td>{fmt(run.objective)}</td>
              <td>{fmt(run.bound)}</td>
              <td>{run.gap == null ? '—' : `${(run.gap * 100).toFixed(2).replace('.', ',')}%`}</td>
              <td>
                {run.version != null && <Link to={boardLink(run.version)}>abrir a versão</Link>}
                {run.error && <span className="field-error">{run.error}</span>}
                {conflicts.length > 0 && (
                  <ul className="conflicts">
                    {conflicts.map((c, i) => (
                      <li key={i}>
                        {c.message}{' '}
                        {(c.rules ?? []).map((id) => {
                          const target = editLink(id);
                          return target ? (
                            <Link key={id} to={target.href} reloadDocument className="edit-premissa">
                              {target.label}
                            </Link>
                          ) : null;
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

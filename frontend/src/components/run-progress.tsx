import { Link } from 'react-router';
import { ErrorBox } from '@/components/status';
import { label, RUN_STATUS, SOLVER_STATUS } from '@/lib/labels';
import { useStopRun, type Progress, type SolveRun } from '@/api/runs';

type Conflict = { rules?: string[]; message: string };
type Live = Progress & { stop_requested?: boolean };

const number = (n: number | null | undefined) => (n == null ? '—' : Math.round(n).toLocaleString('pt-BR'));

/** Where a solve is: queued, its live progress (elapsed, objective, bound), and how it ended. */
/** `canStop`: the coordinator may end a running solve early; it keeps the best week found so far. */
export function RunProgress({ run, diffLink, canStop = false }: { run: SolveRun; diffLink?: string; canStop?: boolean }) {
  const stop = useStopRun();
  const params = (run.parameters ?? {}) as { time_limit?: number };
  const progress = (run.progress ?? {}) as Live;
  const stats = (run.stats ?? {}) as { stopped?: boolean };
  const stopping = Boolean(progress.stop_requested) || stop.isPending;
  const limit = params.time_limit ?? 60;
  const active = run.status === 'queued' || run.status === 'running';
  // Live: the solver's last report; once ended, the run's own clock (the last report may be seconds older).
  const ran = run.started_at && run.finished_at ? (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000 : null;
  const elapsed = !active && ran != null ? ran : (progress.elapsed ?? 0);
  const share = run.status === 'done' ? 1 : Math.min(elapsed / limit, 1);
  const conflicts = (run.conflicts as Conflict[] | null) ?? [];
  return (
    <section className="run-progress" aria-label={`Execução ${run.id}`}>
      <p>
        <strong>Execução {run.id}</strong>: {label(RUN_STATUS, run.status)}
        {run.solver_status ? ` · resultado ${label(SOLVER_STATUS, run.solver_status)}` : ''}
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label="Progresso do cálculo"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={active ? `${elapsed.toFixed(0)} de ${limit} segundos` : label(RUN_STATUS, run.status)}
      >
        <span style={{ width: `${share * 100}%` }} className={active ? 'running' : run.status} />
      </div>
      <dl className="figures">
        <dt>Tempo</dt>
        <dd>
          {elapsed.toFixed(1).replace('.', ',')} s de {limit} s
        </dd>
        <dt>Objetivo</dt>
        <dd>{number(run.objective ?? progress.objective)}</dd>
        <dt>Limite inferior</dt>
        <dd>{number(run.bound ?? progress.bound)}</dd>
        {run.gap != null && (
          <>
            <dt>Distância do ótimo</dt>
            <dd>{(run.gap * 100).toFixed(2).replace('.', ',')}%</dd>
          </>
        )}
      </dl>
      {run.status === 'queued' && <p className="hint">Aguardando um processador livre…</p>}
      {canStop && run.status === 'running' && (
        <button type="button" onClick={() => stop.mutate(run.id)} disabled={stopping}>
          {stopping ? 'Parando…' : 'Parar e ficar com a melhor até agora'}
        </button>
      )}
      {stop.isError && <ErrorBox error={stop.error} />}
      {run.status === 'done' && stats.stopped && <p className="hint">Interrompida a pedido: este é o melhor resultado encontrado até a parada.</p>}
      {run.status === 'failed' && <ErrorBox>{run.error || 'A execução falhou.'}</ErrorBox>}
      {run.solver_status === 'INFEASIBLE' && (
        <div className="conflicts" role="alert">
          <p>Não há agenda possível com estas premissas:</p>
          <ul>
            {conflicts.map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        </div>
      )}
      {run.status === 'done' && run.version != null && diffLink && (
        <p>
          <Link to={diffLink} className="button primary">
            Ver as diferenças
          </Link>
        </p>
      )}
    </section>
  );
}

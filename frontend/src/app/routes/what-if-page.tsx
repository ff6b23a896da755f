import { useNavigate } from 'react-router';
import type { Me } from '@/api/session';
import { defaultVersion, useVersions } from '@/api/versions';
import { useWeek } from '@/api/week';
import { Empty, ErrorBox, Loading } from '@/components/status';
import { useRun } from '@/api/runs';
import { RunProgress } from '@/components/run-progress';
import { WhatIfForm } from '@/features/what-if/components/what-if-form';
import { label, VERSION_STATUS } from '@/lib/labels';
import { weekLabel } from '@/lib/time';
import { useWeekParams } from '../use-week-params';

export function WhatIfPage({ me }: { me: Me }) {
  const { params, weekStart, update } = useWeekParams();
  const week = useWeek(weekStart ?? '', weekStart !== null);
  const versions = useVersions(weekStart ?? '');
  const runId = params.get('execucao') ? Number(params.get('execucao')) : null;
  const run = useRun(runId);
  const navigate = useNavigate();
  if (!weekStart || week.isPending || versions.isPending) return <Loading />;
  if (week.isError) return <ErrorBox error={week.error} />;
  if (versions.isError) return <ErrorBox error={versions.error} />;
  const base = params.get('v') ? versions.data.find((v) => v.id === Number(params.get('v'))) : defaultVersion(versions.data);
  return (
    <div className="what-if-page">
      <h1>Simulação — semana de {weekLabel(weekStart)}</h1>
      {!base ? (
        <Empty>Esta semana ainda não tem uma versão para servir de ponto de partida.</Empty>
      ) : (
        <>
          <p>
            A partir da versão {base.number} ({label(VERSION_STATUS, base.status)}). Nada muda na clínica até a coordenação aprovar o resultado.
          </p>
          {me.role === 'coordenador' ? (
            <WhatIfForm week={week.data} baseVersion={base.id} onStarted={(id) => update({ execucao: id, v: base.id })} />
          ) : (
            <p className="hint">Só a coordenação pode simular.</p>
          )}
        </>
      )}
      {run.data && (
        <RunProgress
          run={run.data}
          canStop={me.role === 'coordenador'}
          diffLink={run.data.version != null ? `/diferencas?semana=${weekStart}&de=${run.data.base_version ?? ''}&para=${run.data.version}` : undefined}
        />
      )}
      {run.isError && <ErrorBox error={run.error} />}
      {run.data?.version != null && (
        <p>
          <button type="button" onClick={() => navigate(`/quadro?semana=${weekStart}&v=${run.data!.version}`)}>
            Abrir o resultado no quadro
          </button>
        </p>
      )}
    </div>
  );
}

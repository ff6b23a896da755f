import { ErrorBox, Loading } from '@/components/status';
import { useRuns } from '@/features/runs/api/get-runs';
import { RunsTable } from '@/features/runs/components/runs-table';
import { weekLabel } from '@/lib/time';
import { useWeekParams } from '../use-week-params';

export function RunsPage() {
  const { weekStart } = useWeekParams();
  const runs = useRuns(weekStart ?? '');
  if (!weekStart || runs.isPending) return <Loading />;
  if (runs.isError) return <ErrorBox error={runs.error} />;
  return (
    <div className="runs-page">
      <h1>Execuções — semana de {weekLabel(weekStart)}</h1>
      <RunsTable runs={runs.data} boardLink={(id) => `/quadro?semana=${weekStart}&v=${id}`} />
    </div>
  );
}

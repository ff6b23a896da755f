import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '@/lib/api-client';

export type SolveRun = Schemas['SolveRun'];
export type ScenarioChange = Record<string, unknown> & { kind: string };

export type Progress = { elapsed?: number; objective?: number | null; bound?: number | null };

export function useStartWhatIf() {
  return useMutation({
    mutationFn: (body: { baseVersion: number; changes: ScenarioChange[]; minimalChange: boolean; timeLimit: number }) =>
      unwrap(
        api.POST('/api/runs/', {
          body: {
            kind: 'what_if',
            seed: 0,
            base_version: body.baseVersion,
            time_limit: body.timeLimit,
            changes: { format: 'agendador.changes/1', changes: [...body.changes, { kind: 'resolve', minimal_change: body.minimalChange }] },
          },
        }),
      ),
  });
}

export function isActive(run: SolveRun | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** A run, polled every second while it is queued or running (its live progress comes with it). */
export function useRun(id: number | null) {
  return useQuery({
    queryKey: ['run', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/runs/{id}/', { params: { path: { id: id ?? 0 } } })),
    refetchInterval: (query) => (isActive(query.state.data) || !query.state.data ? 1000 : false),
  });
}

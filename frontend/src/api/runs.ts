import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '@/lib/api-client';

export type SolveRun = Schemas['SolveRun'];
export type Progress = { elapsed?: number; objective?: number | null; bound?: number | null };

export function isActive(run: { status?: string } | undefined | null): boolean {
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

/** Ask a running solve to stop: it ends with the best week found so far. */
export function useStopRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/runs/{id}/stop/', { params: { path: { id } } })),
    onSuccess: (run) => client.setQueryData(['run', run.id], run),
  });
}

import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export type DiffAllocation = { professional: string; room: string; date: string; start: string; end: string };
export type Diff = {
  from_version: number;
  to_version: number;
  added: DiffAllocation[];
  removed: DiffAllocation[];
  moved: { from: DiffAllocation; to: DiffAllocation }[];
  hour_deltas: Record<string, number>;
  counts: Record<string, number>;
};

export function useDiff(from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['diff', from, to],
    enabled: from !== null && to !== null,
    queryFn: async () => (await unwrap(api.GET('/api/diff/', { params: { query: { from: from ?? 0, to: to ?? 0 } } }))) as unknown as Diff,
  });
}

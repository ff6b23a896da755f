import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AllocationRef, Change } from './edit-version';

/** The five best other places for an allocation, each a ready board edit. */
export function useSuggestions(versionId: number, allocation: AllocationRef | null) {
  return useQuery({
    queryKey: ['suggestions', versionId, allocation],
    enabled: allocation !== null,
    queryFn: async () => {
      const list = await unwrap(api.GET('/api/versions/{id}/suggestions/', { params: { path: { id: versionId }, query: allocation! } }));
      return list.map((s) => ({ ...s, changes: s.changes.changes as unknown as Change[] }));
    },
  });
}

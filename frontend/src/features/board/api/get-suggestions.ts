import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AllocationRef, Change } from './edit-version';

export type Suggestion = {
  room: string;
  date: string;
  start: string;
  end: string;
  delta: number;
  verdict: 'ok' | 'worse';
  changes: Change[];
};

type RawSuggestion = Omit<Suggestion, 'changes'> & { changes: { changes: Change[] } | Change[] };

/** The five best other places for an allocation, each a ready board edit. */
export function useSuggestions(versionId: number, allocation: AllocationRef | null) {
  return useQuery({
    queryKey: ['suggestions', versionId, allocation],
    enabled: allocation !== null,
    queryFn: async (): Promise<Suggestion[]> => {
      const payload = (await unwrap(
        api.GET('/api/versions/{id}/suggestions/' as never, { params: { path: { id: versionId }, query: allocation } } as never),
      )) as { suggestions: RawSuggestion[] };
      return payload.suggestions.map((s) => ({ ...s, changes: Array.isArray(s.changes) ? s.changes : s.changes.changes }));
    },
  });
}

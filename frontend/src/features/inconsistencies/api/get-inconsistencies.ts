import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '@/lib/api-client';
import { weekDates } from '@/lib/time';

export type Inconsistency = Schemas['Inconsistency'];

export function useInconsistencies(versionId: number | null, enabled = true) {
  return useQuery({
    queryKey: ['inconsistencies', versionId],
    enabled: versionId !== null && enabled,
    queryFn: () =>
      unwrap(api.GET('/api/versions/{id}/inconsistencies/', { params: { path: { id: versionId ?? 0 }, query: { soft: true } } })),
  });
}

/** What the daily confirmation found in Google Agenda (drift) on the days of this week. */
export function useWeekDrift(weekStart: string, enabled = true) {
  return useQuery({
    queryKey: ['confirmations', weekStart],
    enabled,
    queryFn: async (): Promise<Inconsistency[]> => {
      const days = new Set(weekDates(weekStart));
      const page = await unwrap(api.GET('/api/confirmations/', { params: { query: { limit: 50 } } }));
      return page.results
        .filter((c) => days.has(c.date))
        .flatMap((c) => ((c.inconsistencies as Inconsistency[] | null) ?? []).filter((i) => i.rule === 'google' || i.premissa.startsWith('google')));
    },
  });
}

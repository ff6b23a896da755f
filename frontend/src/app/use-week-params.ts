import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '@/lib/api-client';
import { mondayOf } from '@/lib/time';

/** The newest week that has a version (where a coordinator most likely wants to land), else this week. */
function useNewestWeek(enabled: boolean) {
  return useQuery({
    queryKey: ['newest-week'],
    enabled,
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/versions/', { params: { query: { limit: 1 } } }));
      return page.results[0]?.week_start ?? mondayOf(new Date());
    },
  });
}

/** URL search parameters as the screen's state, so a link shows exactly the same view. */
export function useWeekParams() {
  const [params, setParams] = useSearchParams();
  const explicit = params.get('semana');
  const newest = useNewestWeek(!explicit);
  const weekStart = explicit ?? newest.data ?? null;
  const update = useCallback(
    (patch: Record<string, string | number | undefined | null>, replace = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (!next.get('semana') && weekStart) next.set('semana', weekStart);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace },
      );
    },
    [setParams, weekStart],
  );
  return { params, weekStart, update };
}

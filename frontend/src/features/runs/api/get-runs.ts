import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export function useRuns(weekStart: string) {
  return useQuery({
    queryKey: ['runs', weekStart],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/runs/', { params: { query: { limit: 100 } } }));
      return page.results.filter((r) => r.week_start === weekStart);
    },
    refetchInterval: 5000,
  });
}

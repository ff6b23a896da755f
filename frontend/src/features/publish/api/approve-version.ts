import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export function useApproveVersion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, acceptInconsistencies }: { id: number; acceptInconsistencies?: boolean }) =>
      unwrap(
        api.POST('/api/versions/{id}/approve/', {
          params: { path: { id } },
          body: (acceptInconsistencies ? { accept_inconsistencies: true } : {}) as never,
        }),
      ),
    onSuccess: (version) => {
      client.invalidateQueries({ queryKey: ['versions', version.week_start] });
      client.invalidateQueries({ queryKey: ['version', version.id] });
    },
  });
}

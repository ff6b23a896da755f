import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export type ScenarioChange = Record<string, unknown> & { kind: string };

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

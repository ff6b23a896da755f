import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isActive } from '@/api/runs';
import { api, unwrap, type Schemas } from '@/lib/api-client';

export type Prompt = Schemas['Prompt'];
export type PromptTemplate = Schemas['PromptTemplate'];

export function usePromptTemplates() {
  return useQuery({
    queryKey: ['prompt-templates'],
    queryFn: async () => (await unwrap(api.GET('/api/prompt-templates/', { params: { query: { limit: 100 } } }))).results,
    staleTime: 5 * 60_000,
  });
}

export function usePromptHistory(weekStart: string) {
  return useQuery({
    queryKey: ['prompts', weekStart],
    queryFn: async () => (await unwrap(api.GET('/api/prompts/', { params: { query: { week_start: weekStart, limit: 20 } } }))).results,
  });
}

/** One prompt, polled while its run is queued or running. */
export function usePrompt(id: number | null) {
  return useQuery({
    queryKey: ['prompt', id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/prompts/{id}/', { params: { path: { id: id ?? 0 } } })),
    refetchInterval: (query) => (isActive(query.state.data?.run) ? 1000 : false),
  });
}

function useInvalidate(weekStart: string) {
  const client = useQueryClient();
  return (prompt: Prompt) => {
    client.setQueryData(['prompt', prompt.id], prompt);
    client.invalidateQueries({ queryKey: ['prompts', weekStart] });
  };
}

export function useInterpretPrompt(weekStart: string) {
  const done = useInvalidate(weekStart);
  return useMutation({
    mutationFn: (body: { prompt: string; baseVersion: number | null; template: number | null }) =>
      unwrap(
        api.POST('/api/prompts/', {
          body: { prompt: body.prompt, week_start: weekStart, base_version: body.baseVersion, template: body.template },
        }),
      ),
    onSuccess: done,
  });
}

export function useRunPrompt(weekStart: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, timeLimit }: { id: number; timeLimit: number }) =>
      unwrap(api.POST('/api/prompts/{id}/run/', { params: { path: { id } }, body: { time_limit: timeLimit } as never })),
    onSuccess: (_data, { id }) => {
      client.invalidateQueries({ queryKey: ['prompt', id] });
      client.invalidateQueries({ queryKey: ['prompts', weekStart] });
    },
  });
}

export function useDecidePrompt(weekStart: string) {
  const done = useInvalidate(weekStart);
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, acceptInconsistencies }: { id: number; decision: 'approve' | 'discard'; acceptInconsistencies?: boolean }) =>
      decision === 'approve'
        ? unwrap(api.POST('/api/prompts/{id}/approve/', { params: { path: { id } }, body: { accept_inconsistencies: Boolean(acceptInconsistencies) } }))
        : unwrap(api.POST('/api/prompts/{id}/discard/', { params: { path: { id } } })),
    onSuccess: (prompt) => {
      done(prompt as Prompt);
      client.invalidateQueries({ queryKey: ['versions', weekStart] });
    },
  });
}

/** Run a stored prompt again against today's data; the answer says whether it still means the same. */
export function useReplayPrompt(weekStart: string) {
  const done = useInvalidate(weekStart);
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/prompts/{id}/replay/', { params: { path: { id } }, body: { use_stored_changes: false } })),
    onSuccess: done,
  });
}

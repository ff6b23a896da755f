import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Schemas } from '@/lib/api-client';

export type PublishRun = Schemas['PublishRun'];

export type PublishOutcome =
  | { kind: 'done'; run: PublishRun }
  | { kind: 'queued'; run: PublishRun }
  | { kind: 'confirm'; message: string; run: PublishRun } // deletions over the limit: nothing written yet
  | { kind: 'failed'; message: string; run: PublishRun | null };

type Body = { detail?: string; run?: PublishRun };

export async function publishVersion(id: number, confirmDeletes: boolean, acceptInconsistencies: boolean): Promise<PublishOutcome> {
  const result = await api.POST('/api/versions/{id}/publish/', {
    params: { path: { id } },
    body: { confirm_deletes: confirmDeletes, ...(acceptInconsistencies ? { accept_inconsistencies: true } : {}) } as never,
  });
  const status = result.response.status;
  if (status === 200) return { kind: 'done', run: result.data as PublishRun };
  if (status === 202) return { kind: 'queued', run: result.data as PublishRun };
  const body = (result.error ?? {}) as Body;
  if (status === 409 && body.run && body.run.pending_deletes > 0) return { kind: 'confirm', message: body.detail ?? '', run: body.run };
  if (status === 502 && body.run) return { kind: 'failed', message: body.detail ?? 'O Google Agenda falhou.', run: body.run };
  throw new ApiError(status, result.error);
}

export function usePublishVersion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirmDeletes = false, acceptInconsistencies = false }: { id: number; confirmDeletes?: boolean; acceptInconsistencies?: boolean }) =>
      publishVersion(id, confirmDeletes, acceptInconsistencies),
    onSuccess: () => client.invalidateQueries({ queryKey: ['versions'] }),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '@/lib/api-client';

export type AllocationRef = { professional: string; room: string; date: string; start: string; end: string };

export type Change =
  | { kind: 'move'; from: AllocationRef; to: Partial<Pick<AllocationRef, 'room' | 'date' | 'start' | 'end'>> }
  | { kind: 'swap'; a: AllocationRef; b: AllocationRef }
  | ({ kind: 'pin'; source?: 'board' | 'manual' | 'saturday' } & AllocationRef)
  | ({ kind: 'unpin' } & AllocationRef)
  | ({ kind: 'add_saturday_entry' } & AllocationRef);

export type EditRequest = { versionId: number; changes: Change[]; acceptInconsistencies?: boolean };

export type RefusedInconsistency = { premissa: string; rule: string; message: string; severity: string };

/** Why an edit did not become a draft, in the words the board shows. */
export type EditRefusal =
  | { kind: 'stale'; message: string; latestVersion: number | null }
  | { kind: 'inconsistent'; message: string; inconsistencies: RefusedInconsistency[] }
  | { kind: 'invalid'; message: string };

export function refusalOf(error: unknown): EditRefusal {
  if (error instanceof ApiError) {
    const body = (error.body ?? {}) as Record<string, unknown>;
    if (error.status === 409 && 'latest_version' in body) {
      return { kind: 'stale', message: error.message, latestVersion: (body.latest_version as number) ?? null };
    }
    if (Array.isArray(body.inconsistencies)) {
      return { kind: 'inconsistent', message: error.message, inconsistencies: body.inconsistencies as RefusedInconsistency[] };
    }
    return { kind: 'invalid', message: error.message };
  }
  return { kind: 'invalid', message: 'Não foi possível salvar a edição.' };
}

export function changesDocument(changes: Change[]) {
  return { format: 'agendador.changes/1', changes };
}

export function useEditVersion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ versionId, changes, acceptInconsistencies }: EditRequest) =>
      unwrap(
        api.POST('/api/versions/{id}/edit/', {
          params: { path: { id: versionId } },
          // The request schema types the changes loosely (a list of objects); the board sends the kinds above.
          body: { ...changesDocument(changes), ...(acceptInconsistencies ? { accept_inconsistencies: true } : {}) } as never,
        }),
      ),
    onSuccess: (version) => {
      client.invalidateQueries({ queryKey: ['versions', version.week_start] });
    },
  });
}

/** Undo a board edit: the server sets its draft aside and restores its pins; answers the version it came from. */
export function useUndoEdit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (versionId: number) => unwrap(api.POST('/api/versions/{id}/undo/', { params: { path: { id: versionId } } })),
    onSuccess: (parent) => client.invalidateQueries({ queryKey: ['versions', parent.week_start] }),
  });
}

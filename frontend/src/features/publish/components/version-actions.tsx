import { useState } from 'react';
import type { Version } from '@/api/versions';
import { Dialog } from '@/components/dialog';
import { KeepAnywayDialog } from '@/components/keep-anyway-dialog';
import { ApiError, errorMessage } from '@/lib/api-client';
import { useApproveVersion } from '../api/approve-version';
import { usePublishVersion, type PublishOutcome } from '../api/publish-version';

type Props = { version: Version; canEdit: boolean; onChanged: () => void };

type Refusal = { action: 'approve' | 'publish'; message: string; items: string[] };

function refusalOf(error: unknown, action: Refusal['action']): Refusal {
  const body = error instanceof ApiError ? ((error.body ?? {}) as { inconsistencies?: { message: string }[] }) : {};
  return { action, message: errorMessage(error), items: (body.inconsistencies ?? []).map((i) => i.message) };
}

/** Approve a draft; publish an approved version to Google Agenda, with the run's counts. */
export function VersionActions({ version, canEdit, onChanged }: Props) {
  const approve = useApproveVersion();
  const publish = usePublishVersion();
  const [outcome, setOutcome] = useState<PublishOutcome | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  if (!canEdit) return null;

  const doApprove = (accept = false) =>
    approve.mutate(
      { id: version.id, acceptInconsistencies: accept },
      { onSuccess: () => { setRefusal(null); onChanged(); }, onError: (e) => setRefusal(refusalOf(e, 'approve')) },
    );
  const doPublish = (confirmDeletes = false, accept = false) =>
    publish.mutate(
      { id: version.id, confirmDeletes, acceptInconsistencies: accept },
      {
        onSuccess: (o) => { setRefusal(null); setOutcome(o); onChanged(); },
        onError: (e) => setRefusal(refusalOf(e, 'publish')),
      },
    );

  return (
    <div className="version-actions">
      {version.status === 'draft' && (
        <button type="button" className="primary" onClick={() => doApprove()} disabled={approve.isPending}>
          {approve.isPending ? 'Aprovando…' : 'Aprovar'}
        </button>
      )}
      {(version.status === 'approved' || version.status === 'published') && (
        <button type="button" className="primary" onClick={() => doPublish()} disabled={publish.isPending}>
          {publish.isPending ? 'Publicando…' : version.status === 'published' ? 'Publicar de novo' : 'Publicar no Google Agenda'}
        </button>
      )}
      {refusal && (
        <KeepAnywayDialog
          title={refusal.action === 'approve' ? 'Não foi possível aprovar' : 'Não foi possível publicar'}
          intro={refusal.message}
          items={refusal.items}
          acceptLabel={refusal.items.length > 0 ? (refusal.action === 'approve' ? 'Aprovar mesmo assim' : 'Publicar mesmo assim') : undefined}
          onAccept={() => (refusal.action === 'approve' ? doApprove(true) : doPublish(false, true))}
          onClose={() => setRefusal(null)}
        />
      )}
      {outcome && <PublishResult outcome={outcome} onConfirm={() => doPublish(true)} onClose={() => setOutcome(null)} />}
    </div>
  );
}

function PublishResult({ outcome, onConfirm, onClose }: { outcome: PublishOutcome; onConfirm: () => void; onClose: () => void }) {
  const run = outcome.run;
  if (outcome.kind === 'confirm') {
    const pending = outcome.run.pending_deletes;
    return (
      <Dialog
        title="Confirmar exclusões no Google Agenda"
        onClose={onClose}
        actions={
          <>
            <button type="button" onClick={onClose} data-autofocus>
              Cancelar
            </button>
            <button type="button" className="danger" onClick={onConfirm}>
              Apagar {pending} eventos e publicar
            </button>
          </>
        }
      >
        <p>{outcome.message}</p>
        <p>
          Esta publicação apagaria <strong>{pending}</strong> eventos. Nada foi escrito ainda.
        </p>
      </Dialog>
    );
  }
  const title = outcome.kind === 'failed' ? 'A publicação falhou' : outcome.kind === 'queued' ? 'Publicação na fila' : 'Publicada no Google Agenda';
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <button type="button" onClick={onClose} data-autofocus>
          Fechar
        </button>
      }
    >
      {outcome.kind === 'failed' && <p role="alert">{outcome.message}</p>}
      {run && (
        <dl className="counts">
          <dt>Eventos criados</dt>
          <dd>{run.inserts}</dd>
          <dt>Alterados</dt>
          <dd>{run.patches}</dd>
          <dt>Apagados</dt>
          <dd>{run.deletes}</dd>
          <dt>Erros</dt>
          <dd>{run.errors.length}</dd>
        </dl>
      )}
      {run && run.errors.length > 0 && (
        <ul>
          {run.errors.slice(0, 10).map((e, i) => (
            <li key={i}>{(e as { message?: string }).message ?? 'erro'}</li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

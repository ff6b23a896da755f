import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useRun } from '@/api/runs';
import type { Allocation } from '@/api/versions';
import { Field } from '@/components/field';
import { RunProgress } from '@/components/run-progress';
import { ErrorBox, Loading } from '@/components/status';
import { ApiError, errorMessage } from '@/lib/api-client';
import { dateTimeLabel } from '@/lib/time';
import { useDecidePrompt, useInterpretPrompt, usePrompt, usePromptHistory, usePromptTemplates, useReplayPrompt, useRunPrompt, type Prompt } from '../api/prompts';
import { affectedKeys } from '../affected';

type Props = {
  weekStart: string;
  baseVersion: number | null;
  allocations: Allocation[];
  canEdit: boolean;
  promptId: number | null;
  onPrompt: (id: number | null) => void;
  onHighlight: (keys: Set<string>) => void;
  onOpenVersion: (id: number) => void;
};

const STATUS: Record<string, string> = {
  ok: 'entendido',
  error: 'com erro',
  ambiguous: 'ambíguo',
  refused: 'recusado',
  unsupported: 'não suportado',
};
const DECISION: Record<string, string> = { approved: 'aprovado', discarded: 'descartado' };

/** Replanning in words: type, read back what was understood, simulate, see the diff, approve or discard. */
export function PromptBox({ weekStart, baseVersion, allocations, canEdit, promptId, onPrompt, onHighlight, onOpenVersion }: Props) {
  const [text, setText] = useState('');
  const [template, setTemplate] = useState<number | null>(null);
  const templates = usePromptTemplates();
  const history = usePromptHistory(weekStart);
  const prompt = usePrompt(promptId);
  const interpret = useInterpretPrompt(weekStart);
  const replay = useReplayPrompt(weekStart);
  const current = prompt.data;

  useEffect(() => {
    const changes = (current?.changes as { changes?: { kind: string }[] } | null)?.changes ?? [];
    onHighlight(current?.status === 'ok' ? affectedKeys(changes as never, allocations) : new Set());
  }, [current, allocations, onHighlight]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    interpret.mutate({ prompt: text.trim(), baseVersion, template }, { onSuccess: (p) => onPrompt(p.id) });
  };

  return (
    <section className="prompt-box" aria-labelledby="prompt-title">
      <h2 id="prompt-title">Pedir por escrito</h2>
      {canEdit ? (
        <form onSubmit={submit}>
          {templates.data && templates.data.length > 0 && (
            <Field label="Modelo">
              <select
                value={template ?? ''}
                onChange={(e) => {
                  const id = e.target.value ? Number(e.target.value) : null;
                  setTemplate(id);
                  const chosen = templates.data.find((t) => t.id === id);
                  if (chosen) setText(chosen.text);
                }}
              >
                <option value="">nenhum</option>
                {templates.data.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="O que mudar nesta semana?">
            <textarea
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="ex.: bloquear a sala 3 da Savassi na terça de manhã"
            />
          </Field>
          {interpret.isError && <ErrorBox>{errorMessage(interpret.error)}</ErrorBox>}
          <button type="submit" className="primary" disabled={interpret.isPending || !text.trim()}>
            {interpret.isPending ? 'Interpretando…' : 'Interpretar'}
          </button>
        </form>
      ) : (
        <p className="hint">Só a coordenação pode pedir mudanças.</p>
      )}
      {prompt.isPending && promptId !== null && <Loading />}
      {prompt.isError && <ErrorBox error={prompt.error} />}
      {current && <Interpretation prompt={current} weekStart={weekStart} canEdit={canEdit} onOpenVersion={onOpenVersion} onClose={() => onPrompt(null)} />}
      {history.data && history.data.length > 0 && (
        <details className="prompt-history">
          <summary>Pedidos desta semana ({history.data.length})</summary>
          <ul>
            {history.data.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => onPrompt(p.id)}>
                  {p.prompt}
                </button>{' '}
                <small>
                  {STATUS[p.status] ?? p.status}
                  {p.decision ? ` · ${DECISION[p.decision] ?? p.decision}` : ''} · {p.created_by} · {dateTimeLabel(p.created_at)}
                </small>{' '}
                {canEdit && (
                  <button type="button" className="link" disabled={replay.isPending} onClick={() => replay.mutate(p.id, { onSuccess: (again) => onPrompt(again.id) })}>
                    repetir com os dados de hoje
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function ReplayNote({ comparison }: { comparison: unknown }) {
  const c = (comparison ?? {}) as { same_changes?: boolean; status_then?: string; status_now?: string };
  const then = STATUS[c.status_then ?? ''] ?? c.status_then;
  const now = STATUS[c.status_now ?? ''] ?? c.status_now;
  return (
    <p className="hint">
      Repetição de um pedido anterior: {c.same_changes ? 'hoje ele dá as mesmas mudanças de antes' : 'hoje ele dá mudanças diferentes das de antes'}
      {then && now && then !== now ? ` (antes: ${then}; agora: ${now})` : ''}.
    </p>
  );
}

function Interpretation({ prompt, weekStart, canEdit, onOpenVersion, onClose }: { prompt: Prompt; weekStart: string; canEdit: boolean; onOpenVersion: (id: number) => void; onClose: () => void }) {
  const run = useRunPrompt(weekStart);
  const decide = useDecidePrompt(weekStart);
  const solve = useRun(prompt.run?.id ?? null);
  const [timeLimit, setTimeLimit] = useState(20);
  const [refused, setRefused] = useState<string[] | null>(null);
  const decided = Boolean(prompt.decision);
  const approve = (accept = false) =>
    decide.mutate(
      { id: prompt.id, decision: 'approve', acceptInconsistencies: accept },
      {
        onSuccess: (p) => {
          setRefused(null);
          if (p.version) onOpenVersion(p.version);
        },
        onError: (error) => {
          const body = error instanceof ApiError ? ((error.body ?? {}) as { inconsistencies?: { message: string }[] }) : {};
          setRefused(body.inconsistencies?.map((i) => i.message) ?? null);
        },
      },
    );
  return (
    <div className={`interpretation ${prompt.status}`} aria-live="polite">
      <p className="said">
        “{prompt.prompt}” <span className={`badge ${prompt.status === 'ok' ? 'added' : 'removed'}`}>{STATUS[prompt.status] ?? prompt.status}</span>
        {decided && <span className="badge"> {DECISION[prompt.decision] ?? prompt.decision}</span>}
      </p>
      {prompt.replay_of != null && <ReplayNote comparison={prompt.replay_comparison} />}
      {prompt.explanations.length > 0 && (
        <ol className="explanations">
          {prompt.explanations.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ol>
      )}
      {prompt.status === 'ok' && !prompt.run && <p className="hint">Os cartões afetados estão destacados no quadro. Nada mudou ainda.</p>}
      {prompt.errors.length > 0 && (
        <ul className="prompt-errors" role="alert">
          {prompt.errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      {prompt.candidates.length > 0 && (
        <ul className="prompt-errors" role="alert">
          {prompt.candidates.map((c, i) => (
            <li key={i}>{c.message}</li>
          ))}
        </ul>
      )}
      {canEdit && prompt.status === 'ok' && !prompt.run && !decided && (
        <div className="prompt-actions">
          <Field label="Tempo de cálculo (s)">
            <input type="number" min={1} max={600} value={timeLimit} onChange={(e) => setTimeLimit(Math.max(1, Math.min(600, Number(e.target.value) || 1)))} />
          </Field>
          <button type="button" className="primary" onClick={() => run.mutate({ id: prompt.id, timeLimit })} disabled={run.isPending}>
            {run.isPending ? 'Iniciando…' : 'Simular'}
          </button>
          <button type="button" onClick={() => decide.mutate({ id: prompt.id, decision: 'discard' })}>
            Descartar
          </button>
        </div>
      )}
      {run.isError && <ErrorBox error={run.error} />}
      {solve.data && <RunProgress run={solve.data} canStop={canEdit} />}
      {prompt.diff && prompt.version != null && (
        <p className="prompt-diff">
          {prompt.diff.counts.added ?? 0} adicionadas, {prompt.diff.counts.moved ?? 0} movidas, {prompt.diff.counts.removed ?? 0} removidas ·{' '}
          <Link to={`/diferencas?semana=${weekStart}&de=${prompt.base_version ?? ''}&para=${prompt.version}`}>ver as diferenças</Link>
        </p>
      )}
      {canEdit && prompt.version != null && !decided && (
        <div className="prompt-actions">
          <button type="button" className="primary" onClick={() => approve()} disabled={decide.isPending}>
            Aprovar
          </button>
          <button type="button" onClick={() => decide.mutate({ id: prompt.id, decision: 'discard' })} disabled={decide.isPending}>
            Descartar
          </button>
        </div>
      )}
      {refused && (
        <div className="error-box" role="alert">
          <p>O resultado quebra premissas:</p>
          <ul>
            {refused.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
          <button type="button" className="danger" onClick={() => approve(true)}>
            Aprovar mesmo assim
          </button>
        </div>
      )}
      {decide.isError && !refused && <ErrorBox error={decide.error} />}
      {prompt.decision_notes.length > 0 && (
        <ul className="hint">
          {prompt.decision_notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <button type="button" className="link" onClick={onClose}>
        fechar
      </button>
    </div>
  );
}

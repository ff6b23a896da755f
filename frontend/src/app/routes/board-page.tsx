import { useCallback, useMemo, useState } from 'react';
import type { Me } from '@/api/session';
import { defaultVersion, useVersion, useVersions, type Allocation } from '@/api/versions';
import { useWeek } from '@/api/week';
import { Empty, ErrorBox, Loading } from '@/components/status';
import { BoardEditor } from '@/features/board/components/board-editor';
import { CardPanel } from '@/features/board/components/card-panel';
import { FiltersBar } from '@/features/board/components/filters-bar';
import { PeopleList } from '@/features/board/components/people-list';
import { ProfessionalBoard } from '@/features/board/components/professional-board';
import { useEditVersion, useUndoEdit } from '@/features/board/api/edit-version';
import { allocationKey, layoutBoard, minutesByProfessional, type BoardFilters } from '@/features/board/layout';
import type { BoardMarks } from '@/features/board/components/week-board';
import { useInconsistencies, useWeekDrift } from '@/features/inconsistencies/api/get-inconsistencies';
import { InconsistencyPanel } from '@/features/inconsistencies/components/inconsistency-panel';
import { VersionActions } from '@/features/publish/components/version-actions';
import { PromptBox } from '@/features/prompts/components/prompt-box';
import { errorMessage } from '@/lib/api-client';
import { weekLabel } from '@/lib/time';
import { useWeekParams } from '../use-week-params';
import { WeekHeader } from '../week-header';

export function BoardPage({ me }: { me: Me }) {
  const { params, weekStart, update } = useWeekParams();
  if (!weekStart) return <Loading />;
  return <WeekBoardScreen me={me} weekStart={weekStart} params={params} update={update} />;
}

type ScreenProps = {
  me: Me;
  weekStart: string;
  params: URLSearchParams;
  update: (patch: Record<string, string | number | undefined | null>, replace?: boolean) => void;
};

function WeekBoardScreen({ me, weekStart, params, update }: ScreenProps) {
  const canEdit = me.role === 'coordenador';
  const week = useWeek(weekStart);
  const versions = useVersions(weekStart);
  const chosen = params.get('v') ? Number(params.get('v')) : null;
  const fallback = versions.data ? defaultVersion(versions.data) : undefined;
  const versionId = chosen ?? fallback?.id ?? null;
  const version = useVersion(versionId);
  const summary = versions.data?.find((v) => v.id === versionId);
  const inconsistencies = useInconsistencies(versionId);
  const drift = useWeekDrift(weekStart);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Allocation | null>(null);
  const [swapFrom, setSwapFrom] = useState<Allocation | null>(null);
  const swapEdit = useEditVersion();
  const undoEdit = useUndoEdit();
  const [swapError, setSwapError] = useState('');

  const siteId = params.get('unidade') ?? week.data?.sites[0]?.id ?? '';
  const view = params.get('vista') === 'profissionais' ? 'profissionais' : 'salas';
  const filters: BoardFilters = {
    kind: params.get('tipo') ?? undefined,
    room: params.get('sala') ?? undefined,
    professional: params.get('prof') ?? undefined,
    day: params.get('dia') ?? undefined,
  };
  const allocations = useMemo(() => version.data?.allocations ?? [], [version.data]);
  const layout = useMemo(
    () => (week.data ? layoutBoard(week.data, allocations, siteId, filters) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [week.data, allocations, siteId, filters.kind, filters.room, filters.professional, filters.day],
  );
  const accepted = useMemo(
    () => new Set(((version.data?.accepted_inconsistencies ?? []) as { message: string }[]).map((i) => i.message)),
    [version.data],
  );
  const marks: BoardMarks = useMemo(() => ({ highlighted: picked, selected: selected ? allocationKey(selected) : null }), [picked, selected]);

  const openVersion = useCallback(
    (id: number) => {
      setSelected(null);
      setSwapFrom(null);
      setPicked(new Set());
      update({ v: id });
    },
    [update],
  );

  const onPick = (cards: Allocation[]) => {
    setPicked(new Set(cards.map(allocationKey)));
    const first = cards[0];
    if (!first) return;
    const site = week.data?.rooms.find((r) => r.id === first.room)?.site;
    if (site && site !== siteId) update({ unidade: site });
    requestAnimationFrame(() => document.querySelector(`[data-key="${CSS.escape(allocationKey(first))}"]`)?.scrollIntoView({ block: 'center', inline: 'center' }));
  };

  const onSelect = useCallback(
    (a: Allocation) => {
      if (swapFrom && allocationKey(swapFrom) !== allocationKey(a) && versionId !== null) {
        const ref = (x: Allocation) => ({ professional: x.professional, room: x.room, date: x.date, start: x.start, end: x.end });
        setSwapError('');
        swapEdit.mutate(
          { versionId, changes: [{ kind: 'swap', a: ref(swapFrom), b: ref(a) }] },
          { onSuccess: (v) => openVersion(v.id), onError: (e) => setSwapError(errorMessage(e)) },
        );
        setSwapFrom(null);
        return;
      }
      setSelected(a);
    },
    [swapFrom, versionId, swapEdit, openVersion],
  );

  if (week.isError) return <ErrorBox error={week.error} />;
  if (versions.isError) return <ErrorBox error={versions.error} />;
  const undo = canEdit && summary?.source === 'manual' && summary.parent != null && summary.status === 'draft';

  return (
    <div className="board-page">
      <WeekHeader
        weekStart={weekStart}
        week={week.data}
        siteId={siteId}
        versions={versions.data ?? []}
        version={summary}
        onWeek={(w) => update({ semana: w, v: undefined, dia: undefined })}
        onSite={(s) => update({ unidade: s, sala: undefined, tipo: undefined })}
        onVersion={openVersion}
        actions={
          <>
            {undo && (
              <button
                type="button"
                disabled={undoEdit.isPending}
                onClick={() => undoEdit.mutate(summary!.id, { onSuccess: (parent) => openVersion(parent.id), onError: (e) => setSwapError(errorMessage(e)) })}
              >
                {undoEdit.isPending ? 'Desfazendo…' : 'Desfazer'}
              </button>
            )}
            <button type="button" onClick={() => window.print()}>
              Imprimir
            </button>
            {summary && <VersionActions version={summary} canEdit={canEdit} onChanged={() => versions.refetch()} />}
          </>
        }
      />
      {(week.isPending || versions.isPending) && <Loading label="Carregando a semana…" />}
      {versions.data && versions.data.length === 0 && (
        <Empty>Nenhuma agenda para a semana de {weekLabel(weekStart)} ainda. O cálculo semanal cria um rascunho; a coordenação também pode simular.</Empty>
      )}
      {week.data && versionId !== null && (
        <>
          <FiltersBar
            week={week.data}
            siteId={siteId}
            filters={filters}
            view={view}
            onChange={({ view: v, ...patch }) =>
              update(
                {
                  ...(v ? { vista: v === 'salas' ? undefined : v } : {}),
                  ...('kind' in patch ? { tipo: patch.kind } : {}),
                  ...('room' in patch ? { sala: patch.room } : {}),
                  ...('professional' in patch ? { prof: patch.professional } : {}),
                  ...('day' in patch ? { dia: patch.day } : {}),
                },
                'professional' in patch,
              )
            }
          />
          {swapFrom && (
            <p className="swap-banner" role="status">
              Trocar {swapFrom.professional_name} ({swapFrom.start}–{swapFrom.end}): clique no cartão da outra pessoa.{' '}
              <button type="button" className="link" onClick={() => setSwapFrom(null)}>
                cancelar
              </button>
            </p>
          )}
          {swapError && <ErrorBox>{swapError}</ErrorBox>}
          <div className="board-area">
            <div className="board-scroll">
              {version.isPending && <Loading label="Carregando as alocações…" />}
              {version.isError && <ErrorBox error={version.error} />}
              {version.data && layout && (
                // One editor for both views: by room (with the people to drop) or by professional.
                <BoardEditor
                  key={view}
                  versionId={version.data.id}
                  week={week.data}
                  layout={layout}
                  canEdit={canEdit}
                  marks={marks}
                  onNewVersion={openVersion}
                  onReload={(latest) => {
                    versions.refetch();
                    if (latest) openVersion(latest);
                  }}
                  onSelect={onSelect}
                  renderBoard={
                    view === 'profissionais'
                      ? ({ canEdit: editable, feasibility, moving }) => (
                          <ProfessionalBoard
                            week={week.data}
                            allocations={allocations}
                            query={filters.professional ?? ''}
                            day={filters.day}
                            marks={marks}
                            onSelect={onSelect}
                            canEdit={editable}
                            feasibility={feasibility}
                            moving={moving}
                          />
                        )
                      : undefined
                  }
                >
                  {view === 'salas' && (
                    <aside className="side-left">
                      <PeopleList professionals={week.data.professionals} minutes={minutesByProfessional(allocations)} query={filters.professional ?? ''} canEdit={canEdit} />
                    </aside>
                  )}
                </BoardEditor>
              )}
            </div>
            <aside className="side-right">
              <PromptBox
                weekStart={weekStart}
                baseVersion={versionId}
                allocations={allocations}
                canEdit={canEdit}
                promptId={params.get('prompt') ? Number(params.get('prompt')) : null}
                onPrompt={(id) => update({ prompt: id })}
                onHighlight={setPicked}
                onOpenVersion={openVersion}
              />
              {selected && version.data && (
                <CardPanel
                  allocation={selected}
                  week={week.data}
                  versionId={version.data.id}
                  canEdit={canEdit}
                  swapping={swapFrom !== null}
                  onStartSwap={() => setSwapFrom(swapFrom ? null : selected)}
                  onNewVersion={openVersion}
                  onClose={() => setSelected(null)}
                />
              )}
              <InconsistencyPanel
                items={inconsistencies.data}
                drift={drift.data}
                allocations={allocations}
                loading={inconsistencies.isPending}
                error={inconsistencies.error}
                onPick={onPick}
                accepted={accepted}
              />
            </aside>
          </div>
        </>
      )}
    </div>
  );
}

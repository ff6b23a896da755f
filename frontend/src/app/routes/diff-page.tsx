import { Field } from '@/components/field';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { Me } from '@/api/session';
import { useVersion, useVersions } from '@/api/versions';
import { useWeek } from '@/api/week';
import { ErrorBox, Loading } from '@/components/status';
import { useDiff } from '@/features/diff/api/get-diff';
import { DiffList } from '@/features/diff/components/diff-list';
import { WeekBoard, type BoardMarks, type DiffMark } from '@/features/board/components/week-board';
import { allocationKey, layoutBoard } from '@/features/board/layout';
import { VersionActions } from '@/features/publish/components/version-actions';
import { DndContext } from '@dnd-kit/core';
import { label, VERSION_STATUS } from '@/lib/labels';
import { useWeekParams } from '../use-week-params';

export function DiffPage({ me }: { me: Me }) {
  const { params, weekStart, update } = useWeekParams();
  const from = params.get('de') ? Number(params.get('de')) : null;
  const to = params.get('para') ? Number(params.get('para')) : null;
  const week = useWeek(weekStart ?? '', weekStart !== null);
  const versions = useVersions(weekStart ?? '');
  const diff = useDiff(from, to);
  const target = useVersion(to);
  const old = useVersion(from);
  const navigate = useNavigate();
  // Changes per site (a move counts where it left and where it landed); the page opens on the site that changed most.
  const changedBySite = useMemo(() => {
    const siteOf = new Map((week.data?.rooms ?? []).map((r) => [r.id, r.site]));
    const counts = new Map<string, number>();
    const touched = [...(diff.data?.added ?? []), ...(diff.data?.removed ?? []), ...(diff.data?.moved ?? []).flatMap((m) => [m.from, m.to])];
    for (const a of touched) {
      const site = siteOf.get(a.room);
      if (site) counts.set(site, (counts.get(site) ?? 0) + 1);
    }
    return counts;
  }, [week.data, diff.data]);
  const busiest = [...changedBySite.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const siteId = params.get('unidade') ?? busiest ?? week.data?.sites[0]?.id ?? '';

  const marks: BoardMarks = useMemo(() => {
    const map = new Map<string, DiffMark>();
    diff.data?.added.forEach((a) => map.set(allocationKey(a), 'added'));
    diff.data?.moved.forEach((m) => map.set(allocationKey(m.to), 'moved'));
    const removedKeys = new Set([...(diff.data?.removed ?? []), ...(diff.data?.moved.map((m) => m.from) ?? [])].map(allocationKey));
    const ghosts = (old.data?.allocations ?? []).filter((a) => removedKeys.has(allocationKey(a)));
    return { diff: map, ghosts };
  }, [diff.data, old.data]);

  if (!weekStart) return <Loading />;
  if (from === null || to === null) return <ErrorBox>Escolha duas versões para comparar.</ErrorBox>;
  const pick = (key: 'de' | 'para', id: number) => update({ [key]: id });
  const summary = versions.data?.find((v) => v.id === to);
  const layout = week.data && target.data ? layoutBoard(week.data, target.data.allocations, siteId) : null;
  return (
    <div className="diff-page">
      <h1>Diferenças entre versões</h1>
      <div className="diff-pickers">
        {(['de', 'para'] as const).map((key) => (
          <Field key={key} label={key === 'de' ? 'De' : 'Para'}>
            <select value={key === 'de' ? from : to} onChange={(e) => pick(key, Number(e.target.value))}>
              {versions.data?.map((v) => (
                <option key={v.id} value={v.id}>
                  versão {v.number} — {label(VERSION_STATUS, v.status)}
                </option>
              ))}
            </select>
          </Field>
        ))}
        {summary && <VersionActions version={summary} canEdit={me.role === 'coordenador'} onChanged={() => versions.refetch()} />}
        <button type="button" onClick={() => navigate(`/quadro?semana=${weekStart}&v=${to}`)}>
          Abrir no quadro
        </button>
      </div>
      {(diff.isPending || week.isPending) && <Loading label="Comparando…" />}
      {diff.isError && <ErrorBox error={diff.error} />}
      {week.data && (
        <div className="site-tabs" role="tablist" aria-label="Unidade">
          {week.data.sites.map((s) => (
            <button key={s.id} type="button" role="tab" aria-selected={s.id === siteId} onClick={() => update({ unidade: s.id }, true)}>
              {s.name}
              {changedBySite.get(s.id) ? <span className="tab-count" aria-label={`${changedBySite.get(s.id)} mudanças`}> ({changedBySite.get(s.id)})</span> : null}
            </button>
          ))}
        </div>
      )}
      <div className="board-area">
        <div className="board-scroll">
          {layout && (
            <DndContext>
              <WeekBoard layout={layout} canEdit={false} marks={marks} feasibility={null} />
            </DndContext>
          )}
        </div>
        <aside className="side-right">{diff.data && week.data && <DiffList diff={diff.data} week={week.data} />}</aside>
      </div>
    </div>
  );
}

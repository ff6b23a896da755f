import { useCallback, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragOverEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import type { Allocation } from '@/api/versions';
import type { Week, WeekProfessional } from '@/api/week';
import { Dialog } from '@/components/dialog';
import { KeepAnywayDialog } from '@/components/keep-anyway-dialog';
import { shortName } from '@/lib/text';
import { dayLabel, fmtTime, toMinutes, weekdayOf } from '@/lib/time';
import { refusalOf, useEditVersion, type Change, type EditRefusal } from '../api/edit-version';
import { getFeasibility, getPlacementFeasibility } from '../api/get-feasibility';
import { dropHint, useDropHint, type DropTarget } from '../drop-hint';
import { verdictAt, VERDICT_LABEL, type FeasibilityMap } from '../feasibility';
import type { BoardLayout } from '../layout';
import { snapStart } from '../layout';
import { WeekBoard, cardLabel, type BoardMarks } from './week-board';

type Dragged = { type: 'allocation'; allocation: Allocation } | { type: 'professional'; professional: WeekProfessional };

type Pending = { changes: Change[]; summary: string; reasons: string[] };

type Props = {
  versionId: number;
  week: Week;
  layout: BoardLayout;
  canEdit: boolean;
  marks: BoardMarks;
  onNewVersion: (id: number) => void;
  onReload: (latest: number | null) => void;
  onSelect?: (allocation: Allocation) => void;
  children?: React.ReactNode; // the side list of professionals, inside the same drag context
  /** Another board under the same editor (the board by professional); the board by room when absent. */
  renderBoard?: (board: { canEdit: boolean; feasibility: FeasibilityMap | null; moving: Allocation | null }) => React.ReactNode;
};

/** What a drop target says of itself: a room's day (board by room) or a person's day (board by professional). */
type CellData =
  | { room: string; roomName: string; date: string }
  | { professional: string; date: string; dayStart: number; dayEnd: number };

const DEFAULT_NEW_ENTRY_MINUTES = 240;

/** Where a dropped card lands: the day cell under it and the start nearest its left edge, on the grain. */
function targetOf(event: DragMoveEvent | DragOverEvent | DragEndEvent, layout: BoardLayout, dragged: Dragged | null): DropTarget {
  const over = event.over;
  const rect = event.active.rect.current.translated;
  if (!over || !rect || !over.data.current || !dragged) return null;
  const cell = over.data.current as CellData;
  let room: string, roomName: string, dayStart: number, dayEnd: number;
  if ('professional' in cell) {
    // A person's row keeps the card's room: only their own card moves there, in time or to another day.
    if (dragged.type !== 'allocation' || dragged.allocation.professional !== cell.professional) return null;
    ({ room, room_name: roomName } = dragged.allocation);
    ({ dayStart, dayEnd } = cell);
  } else {
    ({ room, roomName } = cell);
    ({ dayStart, dayEnd } = layout);
  }
  const duration = durationOf(dragged);
  const ratio = (rect.left - over.rect.left) / over.rect.width;
  const start = snapStart(ratio, dayStart, dayEnd, layout.grain, duration);
  return { room, roomName, date: cell.date, start, end: start + duration };
}

function durationOf(dragged: Dragged | null): number {
  if (!dragged) return 0;
  if (dragged.type === 'allocation') return toMinutes(dragged.allocation.end) - toMinutes(dragged.allocation.start);
  return Math.max(dragged.professional.min_block_minutes ?? 0, DEFAULT_NEW_ENTRY_MINUTES);
}

// Pointer drops go where the pointer is; keyboard drops where the moved card overlaps most.
const collision: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args));

type Steps = { dx: number; dy: number; boardLeft: number };

function slotCoordinates(grainShare: () => Steps): KeyboardCoordinateGetter {
  return (event, { currentCoordinates }) => {
    const { dx, dy, boardLeft } = grainShare();
    switch (event.code) {
      case 'ArrowRight':
        // From the people list, the first step lands on the board's first slot (not 30 minutes at a time across the list).
        return { ...currentCoordinates, x: currentCoordinates.x < boardLeft - dx ? boardLeft : currentCoordinates.x + dx };
      case 'ArrowLeft':
        return { ...currentCoordinates, x: currentCoordinates.x - dx };
      case 'ArrowDown':
        return { ...currentCoordinates, y: currentCoordinates.y + dy };
      case 'ArrowUp':
        return { ...currentCoordinates, y: currentCoordinates.y - dy };
      default:
        return undefined;
    }
  };
}

/** The board with its edits: drag to move, drop a person to add, live feasibility, the server as the gate. */
export function BoardEditor({ versionId, week, layout, canEdit, marks, onNewVersion, onReload, onSelect, children, renderBoard }: Props) {
  const [dragged, setDragged] = useState<Dragged | null>(null);
  const [feasibility, setFeasibility] = useState<FeasibilityMap | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [refusal, setRefusal] = useState<{ refusal: EditRefusal; attempt: Pending } | null>(null);
  const feasibilityRequest = useRef(0);
  const edit = useEditVersion();
  const names = useMemo(() => new Map(week.professionals.map((p) => [p.id, p.name])), [week.professionals]);

  const step = useCallback(() => {
    const cell = document.querySelector<HTMLElement>('[data-cell]');
    const row = document.querySelector<HTMLElement>('.room-row');
    const box = cell?.getBoundingClientRect();
    const width = box?.width ?? 100;
    // A cell may span its own hours (the board by professional); else the site's.
    const span = Number(cell?.dataset.dayEnd ?? layout.dayEnd) - Number(cell?.dataset.dayStart ?? layout.dayStart);
    return {
      dx: (width * layout.grain) / span,
      dy: row?.getBoundingClientRect().height ?? 40,
      boardLeft: box?.left ?? 0,
    };
  }, [layout.grain, layout.dayEnd, layout.dayStart]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: slotCoordinates(step),
      // Enter opens a card (click); Space picks it up and drops it.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const send = useCallback(
    (attempt: Pending, accept = false, onto: number = versionId) => {
      edit.mutate(
        { versionId: onto, changes: attempt.changes, acceptInconsistencies: accept },
        {
          onSuccess: (version) => {
            setPending(null);
            setRefusal(null);
            onNewVersion(version.id);
          },
          onError: (error) => {
            setPending(null);
            setRefusal({ refusal: refusalOf(error), attempt });
          },
        },
      );
    },
    [edit, versionId, onNewVersion],
  );

  const propose = useCallback(
    (changes: Change[], summary: string, target: DropTarget) => {
      const verdict = target ? verdictAt(feasibility, target.room, target.date, target.start) : undefined;
      const attempt = { changes, summary, reasons: verdict?.reasons ?? [] };
      if (verdict?.verdict === 'broken') setPending(attempt);
      else send(attempt);
    },
    [feasibility, send],
  );

  const onResize = useCallback(
    (a: Allocation, end: number) => {
      const from = { professional: a.professional, room: a.room, date: a.date, start: a.start, end: a.end };
      propose([{ kind: 'move', from, to: { end: fmtTime(end) } }], `Mudar ${a.professional_name} para ${a.start}–${fmtTime(end)}`, null);
    },
    [propose],
  );

  const onDragStart = (event: DragStartEvent) => {
    const data = event.active.data.current as Dragged | undefined;
    if (!data) return;
    setDragged(data);
    setFeasibility(null);
    const ticket = ++feasibilityRequest.current;
    let map: Promise<FeasibilityMap>;
    if (data.type === 'allocation') {
      const a = data.allocation;
      map = getFeasibility(versionId, { professional: a.professional, room: a.room, date: a.date, start: a.start, end: a.end });
    } else {
      map = getPlacementFeasibility(versionId, data.professional.id, durationOf(data));
    }
    map
      .then((found) => ticket === feasibilityRequest.current && setFeasibility(found))
      .catch(() => undefined); // without the map the drop is still judged by the server
  };

  // The hint follows both the card's moves and the target under it: `over` is settled after a move (a
  // keyboard step lands in the next row before the collision says so), and a drop goes where `over` is.
  const onDragMove = (event: DragMoveEvent) => dropHint.set(targetOf(event, layout, dragged));
  const onDragOver = (event: DragOverEvent) => dropHint.set(targetOf(event, layout, dragged));

  const finish = () => {
    setDragged(null);
    setFeasibility(null);
    feasibilityRequest.current++;
    dropHint.set(null);
  };

  const onDragEnd = (event: DragEndEvent) => {
    const target = targetOf(event, layout, dragged);
    const data = dragged;
    if (!target || !data) {
      finish();
      return;
    }
    const when = `${target.roomName}, ${dayLabel(target.date)}, ${fmtTime(target.start)}–${fmtTime(target.end)}`;
    if (data.type === 'allocation') {
      const a = data.allocation;
      const to = { room: target.room, date: target.date, start: fmtTime(target.start), end: fmtTime(target.end) };
      if (to.room !== a.room || to.date !== a.date || to.start !== a.start) {
        const from = { professional: a.professional, room: a.room, date: a.date, start: a.start, end: a.end };
        propose([{ kind: 'move', from, to }], `Mover ${a.professional_name} para ${when}`, target);
      }
    } else {
      const p = data.professional;
      const entry = { professional: p.id, room: target.room, date: target.date, start: fmtTime(target.start), end: fmtTime(target.end) };
      const saturday = weekdayOf(target.date) === 'sat';
      const change: Change = saturday ? { kind: 'add_saturday_entry', ...entry } : { kind: 'pin', source: 'board', ...entry };
      propose([change], `${saturday ? 'Lançar na escala de sábado' : 'Alocar'} ${p.name} em ${when}`, target);
    }
    finish();
  };

  const announcements: Announcements = useMemo(
    () => ({
      onDragStart: ({ active }) => `Pegou ${describe(active.data.current as Dragged)}. Use as setas para mover e espaço para soltar; Esc cancela.`,
      onDragOver: () => {
        const t = dropHint.get();
        if (!t) return 'Fora do quadro.';
        const v = verdictAt(feasibility, t.room, t.date, t.start);
        return `Sobre ${t.roomName}, ${dayLabel(t.date)}, ${fmtTime(t.start)}${v ? `: ${VERDICT_LABEL[v.verdict]}` : ''}.`;
      },
      onDragEnd: ({ over }) => (over ? 'Soltou; salvando a edição.' : 'Soltou fora do quadro; nada mudou.'),
      onDragCancel: () => 'Movimento cancelado; nada mudou.',
    }),
    [feasibility],
  );

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      // The week fits the screen; scrolling under a moving card would shift every drop target it was measured against.
      autoScroll={false}
      // Re-measure the day cells while dragging (60-odd rects): a layout shift after the pick-up must not misplace a drop.
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={finish}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'Para mover um cartão, pressione espaço, use as setas e pressione espaço de novo para soltar. Enter abre o cartão.',
        },
      }}
    >
      {children}
      <div className={children ? 'board-main' : 'board-main full'}>
        {dragged && <DropHintBar feasibility={feasibility} loading={!feasibility} />}
        {renderBoard ? (
          renderBoard({ canEdit: canEdit && !edit.isPending, feasibility, moving: dragged?.type === 'allocation' ? dragged.allocation : null })
        ) : (
          <WeekBoard layout={layout} canEdit={canEdit && !edit.isPending} marks={marks} feasibility={feasibility} onSelect={onSelect} onResize={onResize} />
        )}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged ? <div className="card overlay">{dragged.type === 'allocation' ? shortName(dragged.allocation.professional_name) : shortName(dragged.professional.name)}</div> : null}
      </DragOverlay>
      {edit.isPending && (
        <p className="saving" role="status">
          Salvando a edição…
        </p>
      )}
      {pending && (
        <KeepAnywayDialog
          title="Esta posição quebra uma premissa"
          intro={`${pending.summary}.`}
          items={pending.reasons}
          note="Se mantiver, a alocação fica fixada e a inconsistência fica registrada com seu nome."
          acceptLabel="Manter como fixação explícita"
          onAccept={() => send(pending, true)}
          onClose={() => setPending(null)}
        />
      )}
      {refusal && (
        <RefusalDialog
          refusal={refusal.refusal}
          attempt={refusal.attempt}
          names={names}
          onClose={() => setRefusal(null)}
          onAccept={() => send(refusal.attempt, true)}
          onRetry={(latest) => send(refusal.attempt, false, latest)}
          onReload={(latest) => {
            setRefusal(null);
            onReload(latest);
          }}
        />
      )}
    </DndContext>
  );
}

function describe(d: Dragged | undefined): string {
  if (!d) return 'um item';
  return d.type === 'allocation' ? `o cartão ${cardLabel(d.allocation)}` : `${d.professional.name}, para uma nova alocação`;
}

function DropHintBar({ feasibility, loading }: { feasibility: FeasibilityMap | null; loading: boolean }) {
  const target = useDropHint();
  if (!target) return <div className="drop-hint">Arraste até uma sala e um horário.</div>;
  const verdict = verdictAt(feasibility, target.room, target.date, target.start);
  const cls = verdict ? verdict.verdict : 'unknown';
  return (
    <div className={`drop-hint ${cls}`}>
      <strong>
        {target.roomName} · {dayLabel(target.date)} · {fmtTime(target.start)}–{fmtTime(target.end)}
      </strong>{' '}
      {verdict ? `— ${VERDICT_LABEL[verdict.verdict]}` : loading ? '— conferindo premissas…' : ''}
      {verdict && verdict.reasons.length > 0 && <span className="reasons">: {verdict.reasons.join('; ')}</span>}
    </div>
  );
}

function RefusalDialog({
  refusal,
  attempt,
  onClose,
  onAccept,
  onRetry,
  onReload,
}: {
  refusal: EditRefusal;
  attempt: Pending;
  names: Map<string, string>;
  onClose: () => void;
  onAccept: () => void;
  onRetry: (latest: number) => void;
  onReload: (latest: number | null) => void;
}) {
  if (refusal.kind === 'stale') {
    return (
      <Dialog
        title="Alguém alterou esta versão antes"
        onClose={onClose}
        actions={
          <>
            <button type="button" onClick={onClose}>
              Fechar
            </button>
            <button type="button" onClick={() => onReload(refusal.latestVersion)}>
              Só abrir a versão mais nova
            </button>
            {refusal.latestVersion !== null && (
              <button type="button" className="primary" onClick={() => onRetry(refusal.latestVersion!)} data-autofocus>
                Aplicar minha edição sobre ela
              </button>
            )}
          </>
        }
      >
        <p>{refusal.message}</p>
        <p>
          Sua edição não foi perdida: <strong>{attempt.summary}</strong>. Ela pode ser aplicada sobre a versão mais nova (o
          servidor confere as premissas de novo), ou você pode abrir a versão nova e decidir depois.
        </p>
      </Dialog>
    );
  }
  if (refusal.kind === 'inconsistent') {
    return (
      <KeepAnywayDialog
        title="A edição quebra premissas"
        intro={`${attempt.summary}:`}
        items={refusal.inconsistencies.map((i) => i.message)}
        note="Nada foi salvo. Se mantiver, a inconsistência fica registrada com seu nome."
        acceptLabel="Manter mesmo assim"
        onAccept={onAccept}
        onClose={onClose}
      />
    );
  }
  return (
    <Dialog
      title="Não foi possível salvar a edição"
      onClose={onClose}
      actions={
        <button type="button" onClick={onClose} data-autofocus>
          Fechar
        </button>
      }
    >
      <p>{refusal.message}</p>
    </Dialog>
  );
}

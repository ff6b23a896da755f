import { DndContext } from '@dnd-kit/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alloc, WEEK } from '@/testing/fixtures';
import { allocationKey, layoutBoard } from '../layout';
import type { FeasibilityMap } from '../feasibility';
import { WeekBoard, type BoardMarks } from './week-board';

const ana = alloc('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00', { pinned: true, provenance: 'saturday' });
const bia = alloc('p-bia', 'sav-9', '2026-12-07', '08:00', '10:00');

function board(props: { canEdit?: boolean; marks?: BoardMarks; feasibility?: FeasibilityMap | null; onSelect?: (a: typeof ana) => void } = {}) {
  const layout = layoutBoard(WEEK, [ana, bia], 'savassi');
  return render(
    <DndContext>
      <WeekBoard layout={layout} canEdit={props.canEdit ?? true} marks={props.marks ?? {}} feasibility={props.feasibility ?? null} onSelect={props.onSelect} />
    </DndContext>,
  );
}

describe('WeekBoard', () => {
  it('shows rooms as rows and a card per allocation, named for screen readers', () => {
    board();
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Sala 1consultorio', 'Ginásioginasio · 2 lugares']);
    const card = screen.getByRole('button', { name: /Ana Souza, Sala 1, seg 07\/12, 08:00 às 12:00, origem sábado, fixada/ });
    expect(card).toHaveClass('pinned');
    expect(card.querySelector('.pin-icon')).not.toBeNull();
  });

  it('draws the holiday and the block with their labels', () => {
    board();
    expect(screen.getAllByText('Imaculada Conceição').length).toBe(2);
    expect(screen.getByText('Sala 1 em manutenção')).toBeTruthy();
  });

  it('lets a coordinator pick a card up, and nobody else', () => {
    const { unmount } = board({ canEdit: true });
    expect(screen.getByRole('button', { name: /Ana Souza/ })).toHaveAttribute('aria-roledescription', 'draggable');
    unmount();
    board({ canEdit: false });
    expect(screen.getByRole('button', { name: /Ana Souza/ })).not.toHaveAttribute('aria-roledescription');
  });

  it('colours the drop targets of a picked-up card by verdict, naming what breaks', () => {
    const map: FeasibilityMap = new Map([
      ['sav-1|2026-12-09', [
        { start: 480, verdict: 'ok', reasons: [], delta: 0, belowTarget: 0 },
        { start: 780, verdict: 'broken', reasons: ['Sala 1 em manutenção'], delta: 0, belowTarget: 0 },
        { start: 1080, verdict: 'worse', reasons: ['piora a semana em 30 pontos'], delta: 30, belowTarget: 0 },
      ]],
    ]);
    const { container } = board({ feasibility: map });
    const cell = container.querySelector('[data-cell="sav-1|2026-12-09"]')!;
    expect([...cell.querySelectorAll('.slot')].map((s) => [s.className, s.getAttribute('title')])).toEqual([
      ['slot ok', ''],
      ['slot broken', 'Sala 1 em manutenção'],
      ['slot worse', 'piora a semana em 30 pontos'],
    ]);
    expect(container.querySelector('[data-cell="sav-1|2026-12-07"] .slot')).toBeNull();
  });

  it('colours a diff: added and moved cards, removed ones as ghosts', () => {
    const ghost = alloc('p-ana', 'sav-1', '2026-12-10', '08:00', '12:00');
    board({ marks: { diff: new Map([[allocationKey(ana), 'added'], [allocationKey(bia), 'moved']]), ghosts: [ghost] } });
    expect(screen.getByRole('button', { name: /Ana Souza.*adicionada/ })).toHaveClass('diff-added');
    expect(screen.getByRole('button', { name: /Bia Lima.*movida/ })).toHaveClass('diff-moved');
    expect(screen.getByRole('img', { name: 'Removida: Ana Souza, 08:00–12:00' })).toHaveClass('ghost');
  });

  it('highlights the cards an inconsistency points to and opens one on click', async () => {
    const opened: string[] = [];
    board({ canEdit: false, marks: { highlighted: new Set([allocationKey(bia)]) }, onSelect: (a) => opened.push(a.professional) });
    expect(screen.getByRole('button', { name: /Bia Lima/ })).toHaveClass('highlighted');
    expect(screen.getByRole('button', { name: /Ana Souza/ })).not.toHaveClass('highlighted');
    await userEvent.click(screen.getByRole('button', { name: /Bia Lima/ }));
    expect(opened).toEqual(['p-bia']);
  });

  it('says so when no room matches the filters', () => {
    const layout = layoutBoard(WEEK, [], 'savassi', { kind: 'cozinha' });
    render(
      <DndContext>
        <WeekBoard layout={layout} canEdit marks={{}} feasibility={null} />
      </DndContext>,
    );
    expect(screen.getByText('Nenhuma sala corresponde aos filtros.')).toBeTruthy();
    expect(within(document.body).queryByRole('grid')).toBeNull();
  });
});

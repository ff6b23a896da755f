import { alloc, WEEK } from '@/testing/fixtures';
import { layoutBoard, snapStart } from './layout';

describe('layoutBoard', () => {
  const allocations = [
    alloc('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00'),
    alloc('p-bia', 'sav-9', '2026-12-07', '08:00', '10:00'),
    alloc('p-jose', 'sav-9', '2026-12-07', '09:00', '11:00'),
    alloc('p-ana', 'lou-1', '2026-12-07', '13:00', '17:00'),
  ];

  it('draws only the rooms of the chosen site, Monday to Saturday', () => {
    const layout = layoutBoard(WEEK, allocations, 'savassi');
    expect(layout.rows.map((r) => r.room.id)).toEqual(['sav-1', 'sav-9']);
    expect(layout.days).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12']);
    expect([layout.dayStart, layout.dayEnd]).toEqual([7 * 60, 21 * 60]);
  });

  it('places each card at its minutes and stacks overlapping ones in lanes', () => {
    const gym = layoutBoard(WEEK, allocations, 'savassi').rows[1].days[0];
    expect(gym.lanes).toBe(2);
    expect(gym.cards.map((c) => [c.allocation.professional, c.start, c.end, c.lane])).toEqual([
      ['p-bia', 480, 600, 0],
      ['p-jose', 540, 660, 1],
    ]);
  });

  it('greys a closed day with the holiday name', () => {
    const tuesday = layoutBoard(WEEK, allocations, 'savassi').rows[0].days[1];
    expect(tuesday.bands).toEqual([{ kind: 'closed', start: 420, end: 1260, label: 'Imaculada Conceição' }]);
  });

  it('hatches a room block and tints a reservation on the days they apply', () => {
    const rows = layoutBoard(WEEK, allocations, 'savassi').rows;
    expect(rows[0].days[2].bands).toContainEqual({ kind: 'block', start: 780, end: 1020, label: 'Sala 1 em manutenção' });
    expect(rows[0].days[0].bands.some((b) => b.kind === 'block')).toBe(false);
    // Tuesday is a holiday at Savassi: the reservation has nothing to tint that day.
    expect(rows[1].days[1].bands.map((b) => b.kind)).toEqual(['closed']);
  });

  it('shades the hours a site is shut on a short day', () => {
    const saturday = layoutBoard(WEEK, allocations, 'savassi').rows[0].days[5];
    expect(saturday.bands).toEqual([
      { kind: 'shut', start: 420, end: 480, label: 'Fora do horário' },
      { kind: 'shut', start: 780, end: 1260, label: 'Fora do horário' },
    ]);
  });

  it('filters by room kind, room and day, and dims people who do not match, accents ignored', () => {
    expect(layoutBoard(WEEK, allocations, 'savassi', { kind: 'ginasio' }).rows.map((r) => r.room.id)).toEqual(['sav-9']);
    expect(layoutBoard(WEEK, allocations, 'savassi', { room: 'sav-1' }).rows.map((r) => r.room.id)).toEqual(['sav-1']);
    expect(layoutBoard(WEEK, allocations, 'savassi', { day: '2026-12-09' }).days).toEqual(['2026-12-09']);
    const gym = layoutBoard(WEEK, allocations, 'savassi', { professional: 'jose' }).rows[1].days[0];
    expect(gym.cards.map((c) => [c.allocation.professional, c.dimmed])).toEqual([
      ['p-bia', true],
      ['p-jose', false],
    ]);
  });
});

describe('snapStart', () => {
  it('rounds to the grain and keeps the card inside the day', () => {
    expect(snapStart(0.5, 420, 1260, 30, 240)).toBe(840);
    expect(snapStart(0.51, 420, 1260, 30, 240)).toBe(840);
    expect(snapStart(-0.2, 420, 1260, 30, 240)).toBe(420);
    expect(snapStart(0.99, 420, 1260, 30, 240)).toBe(1020);
  });
});

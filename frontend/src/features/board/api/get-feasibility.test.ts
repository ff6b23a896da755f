import { toFeasibilityMap } from './get-feasibility';

describe('toFeasibilityMap', () => {
  it('spreads runs into one verdict per start, with the broken premissas and the cost in words', () => {
    const map = toFeasibilityMap({
      grain: 30,
      duration: 120,
      allocation: { professional: 'p-ana', room: 'sav-1', date: '2026-12-07', start: '08:00', end: '10:00' },
      runs: [
        { room: 'sav-2', date: '2026-12-07', first_start: '08:00', last_start: '09:00', verdict: 'ok', delta: 0, terms: {} },
        { room: 'sav-2', date: '2026-12-07', first_start: '09:30', last_start: '09:30', verdict: 'worse', delta: 30, terms: { fragments: 1 } },
        { room: 'sav-3', date: '2026-12-09', first_start: '13:00', last_start: '13:30', verdict: 'broken', reasons: [0, 1] },
      ],
      reasons: [
        { premissa: 'r-1', rule: 'room_block', label: 'Bloqueio de sala', message: 'Sala 3 bloqueada: manutenção.' },
        { premissa: 'professional:p-ana:overlap', rule: 'no_overlap', label: 'Sobreposição', message: 'Ana em duas salas.' },
      ],
    } as never);
    expect(map.get('sav-2|2026-12-07')!.map((s) => [s.start, s.verdict, s.delta])).toEqual([
      [480, 'ok', 0],
      [510, 'ok', 0],
      [540, 'ok', 0],
      [570, 'worse', 30],
    ]);
    expect(map.get('sav-2|2026-12-07')![3].reasons).toEqual(['piora a semana em 30 pontos (+1 fragmentos)']);
    expect(map.get('sav-3|2026-12-09')!.map((s) => [s.start, s.reasons])).toEqual([
      [780, ['Sala 3 bloqueada: manutenção.', 'Ana em duas salas.']],
      [810, ['Sala 3 bloqueada: manutenção.', 'Ana em duas salas.']],
    ]);
  });
});

import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alloc } from '@/testing/fixtures';
import type { Inconsistency } from '../api/get-inconsistencies';
import { InconsistencyPanel } from './inconsistency-panel';

const overlap: Inconsistency = {
  premissa: 'professional:p-ana:overlap', rule: 'no_overlap', message: 'Ana Souza está em duas salas ao mesmo tempo em 07/12.', severity: 'hard',
  professional: 'p-ana', room: null, date: '2026-12-07', start: '09:00', end: '10:00',
};
const short: Inconsistency = {
  premissa: 'professional:p-bia:min_weekly_hours', rule: 'below_min', message: 'Bia Lima tem 2 h, abaixo do mínimo.', severity: 'soft',
  professional: 'p-bia', room: null, date: null, start: null, end: null,
};

describe('InconsistencyPanel', () => {
  const morning = alloc('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00');
  const afternoon = alloc('p-ana', 'sav-1', '2026-12-07', '13:00', '17:00');
  const bia = alloc('p-bia', 'sav-9', '2026-12-09', '08:00', '10:00');

  it('groups findings by premissa, hard ones first, and counts the hard ones', () => {
    render(<InconsistencyPanel items={[short, overlap]} drift={[]} allocations={[morning, afternoon, bia]} loading={false} error={null} onPick={() => {}} />);
    expect(screen.getByText('1 premissa obrigatória quebrada.')).toBeTruthy();
    const groups = [...document.querySelectorAll('summary')].map((s) => s.textContent);
    expect(groups).toEqual(['quebra Sobreposição (1)', 'objetivo Abaixo do mínimo (1)']);
  });

  it('links a finding to the cards it speaks about', async () => {
    const picked: number[][] = [];
    render(<InconsistencyPanel items={[overlap, short]} drift={[]} allocations={[morning, afternoon, bia]} loading={false} error={null} onPick={(cards) => picked.push(cards.map((c) => c.id))} />);
    await userEvent.click(screen.getByRole('button', { name: overlap.message }));
    await userEvent.click(screen.getByRole('button', { name: short.message }));
    expect(picked).toEqual([[morning.id], [bia.id]]);
  });

  it('shows what Google drifted from the daily confirmation', () => {
    const drift: Inconsistency = { ...overlap, premissa: 'google:ana@clinica:ev1', rule: 'google_drift', message: 'Evento de Ana apagado no Google.', severity: 'hard' };
    render(<InconsistencyPanel items={[]} drift={[drift]} allocations={[]} loading={false} error={null} onPick={() => {}} />);
    expect(screen.getByText('Nenhuma premissa obrigatória quebrada.')).toBeTruthy();
    expect(screen.getByText('Evento de Ana apagado no Google.')).toBeTruthy();
    expect(document.querySelector('summary')?.textContent).toContain('Google Agenda: divergência');
  });
});

describe('InconsistencyPanel with accepted findings', () => {
  it('lists a hard finding the coordinator kept as accepted, not as a break', () => {
    const overlapHere: Inconsistency = {
      premissa: 'professional:p-ana:overlap', rule: 'no_overlap', message: 'Ana em duas salas.', severity: 'hard',
      professional: 'p-ana', room: null, date: '2026-12-07', start: '09:00', end: '10:00',
    };
    render(<InconsistencyPanel items={[overlapHere]} drift={[]} allocations={[]} loading={false} error={null} onPick={() => {}} accepted={new Set(['Ana em duas salas.'])} />);
    expect(screen.getByText('Nenhuma premissa obrigatória quebrada.')).toBeTruthy();
    expect(document.querySelector('summary')?.textContent).toBe('aceita Sobreposição (1)');
  });
});

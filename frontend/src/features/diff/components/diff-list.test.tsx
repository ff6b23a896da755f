import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { WEEK } from '@/testing/fixtures';
import type { Diff } from '../api/get-diff';
import { DiffList } from './diff-list';

const ANA_MON = { professional: 'p-ana', room: 'sav-1', date: '2026-12-07', start: '08:00', end: '12:00' };

function diff(extra: Partial<Diff>): Diff {
  return { from_version: 1, to_version: 2, added: [], removed: [], moved: [], hour_deltas: {}, counts: {}, ...extra };
}

describe('DiffList', () => {
  it('groups the changes by person with their hour delta', () => {
    render(<DiffList diff={diff({ removed: [ANA_MON], hour_deltas: { 'p-ana': -4 }, counts: { removed: 1 } })} week={WEEK} />);
    expect(screen.getByText('Ana Souza')).toBeInTheDocument();
    expect(screen.getByText('-4 h')).toBeInTheDocument();
    expect(screen.getByText(/− Sala 1, seg 07\/12, 08:00–12:00/)).toBeInTheDocument();
  });

  it('names the site of a room whose name another site also uses', () => {
    const week = { ...WEEK, rooms: WEEK.rooms.map((r) => (r.id === 'lou-1' ? { ...r, name: 'Sala 1' } : r)) };
    const moved = { from: ANA_MON, to: { ...ANA_MON, room: 'lou-1' } };
    render(<DiffList diff={diff({ moved: [moved], counts: { moved: 1 } })} week={week} />);
    expect(screen.getByText(/Sala 1 \(Savassi\), seg 07\/12, 08:00–12:00 → Sala 1 \(Lourdes\), seg 07\/12/)).toBeInTheDocument();
  });

  it('says when the two versions are the same', () => {
    render(<DiffList diff={diff({ counts: { unchanged: 3 } })} week={WEEK} />);
    expect(screen.getByText('As duas versões são iguais.')).toBeInTheDocument();
  });
});

import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { Schemas } from '@/lib/api-client';
import { editLink, RunsTable } from './runs-table';

const run = (extra: Partial<Schemas['SolveRun']>) =>
  ({ id: 4, kind: 'weekly', week_start: '2026-12-07', status: 'done', progress: {}, created_by: 'c', created_at: '2026-11-30T10:00:00Z', ...extra }) as Schemas['SolveRun'];

describe('RunsTable', () => {
  it('explains an impossible week and links each premissa it names to where it is edited', () => {
    render(
      <MemoryRouter>
        <RunsTable
          runs={[run({ solver_status: 'INFEASIBLE', conflicts: [{ rules: ['r-3', 'pin:0'], message: 'A fixação de Ana cai no bloqueio da Sala 1.' }] })]}
          boardLink={(id) => `/quadro?v=${id}`}
        />
      </MemoryRouter>,
    );
    expect(screen.getByText(/A fixação de Ana cai no bloqueio da Sala 1./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'editar premissa r-3' })).toHaveAttribute('href', '/admin/clinic/rule/?q=r-3');
    expect(screen.getByRole('link', { name: 'editar fixações' })).toHaveAttribute('href', '/admin/clinic/pin/');
    expect(screen.getByText('concluída (impossível)')).toBeTruthy();
  });

  it('links a run that made a version to the board', () => {
    render(
      <MemoryRouter>
        <RunsTable runs={[run({ solver_status: 'FEASIBLE', version: 9, objective: 1234, bound: 1200, gap: 0.0276 })]} boardLink={(id) => `/quadro?v=${id}`} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'abrir a versão' })).toHaveAttribute('href', '/quadro?v=9');
    expect(screen.getByText('2,76%')).toBeTruthy();
  });

  it('maps a professional’s own field to their page', () => {
    expect(editLink('professional:p-ana:max_weekly_hours')).toEqual({ href: '/admin/clinic/professional/?q=p-ana', label: 'editar p-ana' });
    expect(editLink('travel:savassi:lourdes')).toBeNull();
  });
});

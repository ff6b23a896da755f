import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { SolveRun } from '@/api/runs';
import { RunProgress } from './run-progress';

function run(extra: Partial<SolveRun>): SolveRun {
  return {
    id: 7, kind: 'what_if', week_start: '2026-12-07', status: 'queued', progress: {}, parameters: { time_limit: 20 },
    created_by: 'coord', created_at: '2026-11-30T10:00:00Z', ...extra,
  } as SolveRun;
}

const show = (r: SolveRun) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <RunProgress run={r} diffLink="/diferencas?de=1&para=2" />
      </MemoryRouter>
    </QueryClientProvider>,
  );

describe('RunProgress', () => {
  it('waits in the queue', () => {
    show(run({ status: 'queued' }));
    expect(screen.getByText(/na fila/)).toBeTruthy();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  });

  it('shows elapsed time, objective and bound while running', () => {
    show(run({ status: 'running', progress: { elapsed: 5, objective: 123456, bound: 120000 } }));
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(screen.getByText('5,0 s de 20 s')).toBeTruthy();
    expect(screen.getByText('123.456')).toBeTruthy();
    expect(screen.getByText('120.000')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Ver as diferenças' })).toBeNull();
  });

  it('offers the diff once a version came out', () => {
    show(run({ status: 'done', solver_status: 'FEASIBLE', version: 9, objective: 100, bound: 90, gap: 0.1, progress: { elapsed: 20 } }));
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByRole('link', { name: 'Ver as diferenças' })).toHaveAttribute('href', '/diferencas?de=1&para=2');
    expect(screen.getByText('10,00%')).toBeTruthy();
  });

  it('once ended, says how long the run took, not when the solver last reported', () => {
    show(run({ status: 'done', solver_status: 'FEASIBLE', version: 9, progress: { elapsed: 0.5 },
      started_at: '2026-11-30T10:00:01Z', finished_at: '2026-11-30T10:00:04.500Z' }));
    expect(screen.getByText('3,5 s de 20 s')).toBeTruthy();
  });

  it('explains an impossible week in the coordinator’s words', () => {
    show(run({ status: 'done', solver_status: 'INFEASIBLE', conflicts: [{ rules: ['pin:0', 'r-1'], message: 'A fixação de Ana cai no bloqueio da Sala 1.' }] }));
    expect(screen.getByRole('alert').textContent).toContain('A fixação de Ana cai no bloqueio da Sala 1.');
    expect(screen.queryByRole('link', { name: 'Ver as diferenças' })).toBeNull();
  });

  it('says why a run failed', () => {
    show(run({ status: 'failed', error: 'a execução foi interrompida' }));
    expect(screen.getByRole('alert').textContent).toBe('a execução foi interrompida');
  });
});

describe('RunProgress stop', () => {
  const withClient = (r: SolveRun, canStop: boolean) =>
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <RunProgress run={r} canStop={canStop} />
        </MemoryRouter>
      </QueryClientProvider>,
    );

  it('offers a stop while running, only to who may stop', () => {
    const { unmount } = withClient(run({ status: 'running', progress: { elapsed: 2 } }), true);
    expect(screen.getByRole('button', { name: 'Parar e ficar com a melhor até agora' })).toBeEnabled();
    unmount();
    withClient(run({ status: 'running', progress: { elapsed: 2 } }), false);
    expect(screen.queryByRole('button', { name: /Parar/ })).toBeNull();
  });

  it('says it is stopping once asked, and that the result came from a stop', () => {
    const { unmount } = withClient(run({ status: 'running', progress: { elapsed: 2, stop_requested: true } }), true);
    expect(screen.getByRole('button', { name: 'Parando…' })).toBeDisabled();
    unmount();
    withClient(run({ status: 'done', solver_status: 'FEASIBLE', version: 3, stats: { stopped: true }, progress: { elapsed: 4 } }), true);
    expect(screen.getByText(/Interrompida a pedido/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Parar/ })).toBeNull();
  });
});

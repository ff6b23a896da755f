import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '@/api/session';
import { alloc } from '@/testing/fixtures';
import { MyWeekPage } from './my-week-page';

const me = { username: 'ana', role: 'profissional', professional: 'p-ana' } as unknown as Me;

function serve(allocations: ReturnType<typeof alloc>[]) {
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/versions/') {
      return Response.json({ count: 1, next: null, previous: null, results: [{ id: 7, week_start: '2026-12-07', status: 'published' }] });
    }
    if (url.pathname === '/api/versions/7/') {
      return Response.json({ id: 7, week_start: '2026-12-07', status: 'published', allocations });
    }
    return new Response('{}', { status: 404 });
  });
}

const show = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={['/minha-semana?semana=2026-12-07']}>
        <MyWeekPage me={me} />
      </MemoryRouter>
    </QueryClientProvider>,
  );

afterEach(() => vi.unstubAllGlobals());

describe('MyWeekPage', () => {
  it('heads each day in sentence case, not title case', async () => {
    serve([alloc('p-ana', 'sav-1', '2026-12-09', '08:00', '12:00')]);
    show();
    expect(await screen.findByRole('heading', { level: 2, name: 'Quarta-feira, 9 de dezembro' })).toBeInTheDocument();
  });

  it('names the unit by its name, not its code', async () => {
    serve([alloc('p-ana', 'lou-1', '2026-12-10', '13:00', '15:00')]);
    show();
    expect(await screen.findByText(/Sala L1 \(Lourdes\)/)).toBeInTheDocument();
    expect(screen.queryByText(/\(lourdes\)/)).toBeNull();
  });

  it('adds up the week', async () => {
    serve([alloc('p-ana', 'sav-1', '2026-12-07', '08:00', '12:00'), alloc('p-ana', 'sav-1', '2026-12-09', '13:00', '14:30')]);
    show();
    expect(await screen.findByText('Total: 5,5 h')).toBeInTheDocument();
  });
});

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { Version } from '@/api/versions';
import { VersionActions } from './version-actions';

function version(status: Version['status']): Version {
  return { id: 3, week_start: '2026-12-07', number: 3, status, source: 'solver', created_by: 'c', created_at: '', approved_by: '', allocation_count: 10 } as Version;
}

const show = (v: Version, canEdit: boolean) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <VersionActions version={v} canEdit={canEdit} onChanged={() => {}} />
    </QueryClientProvider>,
  );

describe('VersionActions', () => {
  it('offers approval of a draft to a coordinator', () => {
    show(version('draft'), true);
    expect(screen.getByRole('button', { name: 'Aprovar' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Publicar/ })).toBeNull();
  });

  it('offers publication of an approved version', () => {
    show(version('approved'), true);
    expect(screen.getByRole('button', { name: 'Publicar no Google Agenda' })).toBeTruthy();
  });

  it('hides every action from a viewer', () => {
    const { container } = show(version('draft'), false);
    expect(container.querySelectorAll('button')).toHaveLength(0);
  });

  it('has nothing to do with a superseded version', () => {
    const { container } = show(version('superseded'), true);
    expect(container.querySelectorAll('button')).toHaveLength(0);
  });
});

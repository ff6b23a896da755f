import { useQuery } from '@tanstack/react-query';
import type { Me } from '@/api/session';
import { useVersion } from '@/api/versions';
import { Empty, ErrorBox, Loading } from '@/components/status';
import { api, unwrap } from '@/lib/api-client';
import { sentenceCase } from '@/lib/text';
import { longDayLabel, mondayOf, shiftWeek, toMinutes, fmtHours, weekLabel } from '@/lib/time';
import { useWeekParams } from '../use-week-params';

/** A professional's own published week, day by day, printable. */
export function MyWeekPage({ me }: { me: Me }) {
  const { params, update } = useWeekParams();
  const weekStart = params.get('semana') ?? mondayOf(new Date());
  const published = useQuery({
    queryKey: ['published', weekStart],
    queryFn: async () => (await unwrap(api.GET('/api/versions/', { params: { query: { week_start: weekStart, status: 'published' } } }))).results[0] ?? null,
  });
  const version = useVersion(published.data?.id ?? null);
  const allocations = version.data?.allocations ?? [];
  const days = [...new Set(allocations.map((a) => a.date))].sort();
  const total = allocations.reduce((m, a) => m + toMinutes(a.end) - toMinutes(a.start), 0);
  return (
    <div className="my-week">
      <div className="week-picker" role="group" aria-label="Semana">
        <button type="button" onClick={() => update({ semana: shiftWeek(weekStart, -1) })} aria-label="Semana anterior">
          ‹
        </button>
        <h1>Minha semana: {weekLabel(weekStart)}</h1>
        <button type="button" onClick={() => update({ semana: shiftWeek(weekStart, 1) })} aria-label="Próxima semana">
          ›
        </button>
        <button type="button" onClick={() => window.print()}>
          Imprimir
        </button>
      </div>
      <p className="hint">Olá, {me.username}. Aqui aparece só a agenda publicada.</p>
      {(published.isPending || (published.data && version.isPending)) && <Loading />}
      {published.isError && <ErrorBox error={published.error} />}
      {published.data === null && <Empty>Nenhuma agenda publicada para esta semana.</Empty>}
      {version.data && allocations.length === 0 && <Empty>Você não tem horários nesta semana.</Empty>}
      {days.length > 0 && <p>Total: {fmtHours(total)}</p>}
      {days.map((d) => (
        <section key={d} className="my-day">
          <h2>{sentenceCase(longDayLabel(d))}</h2>
          <ul>
            {allocations
              .filter((a) => a.date === d)
              .map((a) => (
                <li key={a.id}>
                  <strong>
                    {a.start}–{a.end}
                  </strong>{' '}
                  {a.room_name} ({a.site_name})
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '@/lib/api-client';

export type Week = Schemas['Week'];
export type WeekRoom = Schemas['WeekRoom'];
export type WeekSite = Schemas['WeekSite'];
export type WeekRule = Schemas['WeekRule'];
export type WeekProfessional = Schemas['WeekProfessional'];

export function weekQuery(weekStart: string) {
  return {
    queryKey: ['week', weekStart] as const,
    queryFn: () => unwrap(api.GET('/api/weeks/{week_start}/', { params: { path: { week_start: weekStart } } })),
    staleTime: 60_000,
  };
}

export function useWeek(weekStart: string, enabled = true) {
  return useQuery({ ...weekQuery(weekStart), enabled });
}

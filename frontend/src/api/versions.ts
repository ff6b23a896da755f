import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '@/lib/api-client';

export type Version = Schemas['ScheduleVersion'];
export type VersionDetail = Schemas['ScheduleVersionDetail'];
export type Allocation = Schemas['Allocation'];

export function versionsQuery(weekStart: string) {
  return {
    queryKey: ['versions', weekStart] as const,
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/versions/', { params: { query: { week_start: weekStart, limit: 200 } } }));
      return page.results;
    },
  };
}

export function useVersions(weekStart: string) {
  return useQuery(versionsQuery(weekStart));
}

export function versionQuery(id: number) {
  return {
    queryKey: ['version', id] as const,
    // Versions never change once made (only their status moves forward): the board reads one once.
    queryFn: () => unwrap(api.GET('/api/versions/{id}/', { params: { path: { id } } })),
  };
}

export function useVersion(id: number | null) {
  return useQuery({ ...versionQuery(id ?? 0), enabled: id !== null });
}

/** The version a coordinator most likely wants to see: the newest draft, else approved, else published. */
export function defaultVersion(versions: Version[]): Version | undefined {
  const live = versions.filter((v) => v.status !== 'superseded');
  const byNumber = [...live].sort((a, b) => b.number - a.number);
  return byNumber[0] ?? [...versions].sort((a, b) => b.number - a.number)[0];
}

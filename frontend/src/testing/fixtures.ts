// A small week as the API sends it: two sites, three rooms, three people, a holiday, a block, a reservation.
import type { Allocation } from '@/api/versions';
import type { Week } from '@/api/week';

export const WEEK: Week = {
  week_start: '2026-12-07',
  grain_minutes: 30,
  sites: [
    {
      id: 'savassi',
      name: 'Savassi',
      opening_hours: { mon: ['07:00', '21:00'], tue: ['07:00', '21:00'], wed: ['07:00', '21:00'], thu: ['07:00', '21:00'], fri: ['07:00', '21:00'], sat: ['08:00', '13:00'] },
      closed: [{ date: '2026-12-08', reason: 'Imaculada Conceição' }],
    },
    { id: 'lourdes', name: 'Lourdes', opening_hours: { mon: ['08:00', '18:00'] }, closed: [] },
  ],
  rooms: [
    { id: 'sav-1', site: 'savassi', name: 'Sala 1', kinds: ['consultorio'], capacity: 1 },
    { id: 'sav-9', site: 'savassi', name: 'Ginásio', kinds: ['ginasio'], capacity: 2 },
    { id: 'lou-1', site: 'lourdes', name: 'Sala L1', kinds: ['consultorio'], capacity: 1 },
  ],
  professionals: [
    { id: 'p-ana', name: 'Ana Souza', room_kind: 'consultorio', min_weekly_hours: 12, target_weekly_hours: 20, max_weekly_hours: 24, max_daily_hours: 8, min_block_minutes: 120, preferred_sites: [], preferred_rooms: [] },
    { id: 'p-bia', name: 'Bia Lima', room_kind: 'ginasio', min_weekly_hours: 0, target_weekly_hours: 4, max_weekly_hours: null, max_daily_hours: null, min_block_minutes: null, preferred_sites: [], preferred_rooms: [] },
    { id: 'p-jose', name: 'José Araújo', room_kind: 'ginasio', min_weekly_hours: 0, target_weekly_hours: 4, max_weekly_hours: null, max_daily_hours: null, min_block_minutes: null, preferred_sites: [], preferred_rooms: [] },
  ],
  rules: [
    { id: 'r-1', kind: 'room_block', kind_label: 'Bloqueio de sala', label: 'Sala 1 em manutenção', room: 'sav-1', date: '2026-12-09', start: '13:00', end: '17:00' },
    { id: 'r-3', kind: 'room_reserved', kind_label: 'Reserva de sala', label: 'Ginásio só fisioterapia', room: 'sav-9', professionals: ['p-bia', 'p-jose'], weekday: 'tue', start: '07:00', end: '12:00' },
  ],
};

let nextId = 1;
export function alloc(professional: string, room: string, date: string, start: string, end: string, extra: Partial<Allocation> = {}): Allocation {
  const names: Record<string, string> = { 'p-ana': 'Ana Souza', 'p-bia': 'Bia Lima', 'p-jose': 'José Araújo' };
  const rooms: Record<string, [string, string]> = { 'sav-1': ['Sala 1', 'savassi'], 'sav-9': ['Ginásio', 'savassi'], 'lou-1': ['Sala L1', 'lourdes'] };
  return {
    id: nextId++,
    professional,
    professional_name: names[professional],
    room,
    room_name: rooms[room][0],
    site: rooms[room][1],
    site_name: rooms[room][1] === 'savassi' ? 'Savassi' : 'Lourdes',
    date,
    start,
    end,
    pinned: false,
    provenance: 'solver',
    ...extra,
  } as Allocation;
}

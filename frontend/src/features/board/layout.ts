// Pure layout of the week board: which days, which rooms, where each card and band sits. No React here.
import type { Allocation } from '@/api/versions';
import type { Week, WeekRoom, WeekRule, WeekSite } from '@/api/week';
import { fold } from '@/lib/text';
import { toMinutes, weekDates, weekdayOf } from '@/lib/time';

export type BoardFilters = {
  kind?: string;
  room?: string;
  professional?: string; // free text, accent-insensitive
  day?: string; // ISO date
};

export type Band = {
  kind: 'closed' | 'block' | 'reserved' | 'shut';
  start: number; // minutes from midnight
  end: number;
  label: string;
};

export type Card = {
  allocation: Allocation;
  start: number;
  end: number;
  lane: number;
  dimmed: boolean;
};

export type DayCell = { date: string; bands: Band[]; cards: Card[]; lanes: number };

export type RoomRow = { room: WeekRoom; days: DayCell[] };

export type BoardLayout = {
  site: WeekSite | undefined;
  days: string[];
  dayStart: number; // the earliest opening of the site this week (minutes)
  dayEnd: number;
  grain: number;
  rows: RoomRow[];
};

const DEFAULT_OPEN = [7 * 60, 21 * 60];

/** The days the board shows: Monday to Saturday, Sunday too when the site opens on Sundays. */
export function boardDays(week: Week, site: WeekSite | undefined): string[] {
  const dates = weekDates(week.week_start);
  const opensSunday = site ? Boolean(site.opening_hours.sun) : false;
  return opensSunday ? dates : dates.slice(0, 6);
}

function siteWindow(site: WeekSite | undefined): [number, number] {
  const hours = Object.values(site?.opening_hours ?? {});
  if (hours.length === 0) return [DEFAULT_OPEN[0], DEFAULT_OPEN[1]];
  const starts = hours.map(([s]) => toMinutes(s));
  const ends = hours.map(([, e]) => toMinutes(e));
  const grainDown = (m: number) => Math.floor(m / 60) * 60;
  const grainUp = (m: number) => Math.ceil(m / 60) * 60;
  return [grainDown(Math.min(...starts)), grainUp(Math.max(...ends))];
}

function ruleApplies(rule: WeekRule, date: string): boolean {
  if (rule.date) return rule.date === date;
  if (rule.weekday) return rule.weekday === weekdayOf(date);
  return true;
}

function ruleSpan(rule: WeekRule): [number, number] {
  return rule.start && rule.end ? [toMinutes(rule.start), toMinutes(rule.end)] : [0, 24 * 60];
}

/** The shaded bands of one room on one date: closed day, outside opening hours, blocks, reservations. */
export function bandsFor(room: WeekRoom, site: WeekSite | undefined, rules: WeekRule[], date: string, window: [number, number], names?: Map<string, string>): Band[] {
  const bands: Band[] = [];
  const closed = site?.closed.find((c) => c.date === date);
  const siteClosedRule = rules.find((r) => r.kind === 'site_closed' && r.site === room.site && r.date === date);
  const hours = site?.opening_hours[weekdayOf(date)];
  if (closed || siteClosedRule) {
    bands.push({ kind: 'closed', start: window[0], end: window[1], label: closed?.reason ?? siteClosedRule?.label ?? 'Fechada' });
    return bands;
  }
  if (!hours) {
    bands.push({ kind: 'closed', start: window[0], end: window[1], label: 'Fechada neste dia' });
    return bands;
  }
  const [open, close] = [toMinutes(hours[0]), toMinutes(hours[1])];
  if (open > window[0]) bands.push({ kind: 'shut', start: window[0], end: open, label: 'Fora do horário' });
  if (close < window[1]) bands.push({ kind: 'shut', start: close, end: window[1], label: 'Fora do horário' });
  for (const rule of rules) {
    if (rule.room !== room.id || !ruleApplies(rule, date)) continue;
    const [start, end] = ruleSpan(rule);
    const clipped = { start: Math.max(start, window[0]), end: Math.min(end, window[1]) };
    if (clipped.end <= clipped.start) continue;
    if (rule.kind === 'room_block') bands.push({ kind: 'block', ...clipped, label: rule.label });
    if (rule.kind === 'room_reserved') {
      const who = (rule.professionals ?? []).map((p) => names?.get(p) ?? p).join(', ');
      bands.push({ kind: 'reserved', ...clipped, label: who ? `${rule.label} (${who})` : rule.label });
    }
  }
  return bands;
}

/** Cards stacked in lanes so that overlapping ones (capacity > 1, or an inconsistency) stay visible. */
function laneCards(cards: Omit<Card, 'lane'>[]): { cards: Card[]; lanes: number } {
  const sorted = [...cards].sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds: number[] = [];
  const out: Card[] = [];
  for (const card of sorted) {
    let lane = laneEnds.findIndex((end) => end <= card.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(card.end);
    } else {
      laneEnds[lane] = card.end;
    }
    out.push({ ...card, lane });
  }
  return { cards: out, lanes: Math.max(1, laneEnds.length) };
}

export function matchesProfessional(allocation: Allocation, query: string | undefined): boolean {
  if (!query) return true;
  const q = fold(query);
  return fold(allocation.professional_name).includes(q) || fold(allocation.professional) === q;
}

/** Everything the board by room draws for one site, after the filters. */
export function layoutBoard(week: Week, allocations: Allocation[], siteId: string, filters: BoardFilters = {}): BoardLayout {
  const site = week.sites.find((s) => s.id === siteId);
  const window = siteWindow(site);
  const names = new Map(week.professionals.map((p) => [p.id, p.name]));
  let days = boardDays(week, site);
  if (filters.day && days.includes(filters.day)) days = [filters.day];
  const rooms = week.rooms
    .filter((r) => r.site === siteId)
    .filter((r) => !filters.kind || r.kinds.includes(filters.kind))
    .filter((r) => !filters.room || r.id === filters.room);
  const byCell = new Map<string, Allocation[]>();
  for (const a of allocations) {
    const key = `${a.room}|${a.date}`;
    const list = byCell.get(key);
    if (list) list.push(a);
    else byCell.set(key, [a]);
  }
  const rows = rooms.map((room) => ({
    room,
    days: days.map((date) => {
      const raw = (byCell.get(`${room.id}|${date}`) ?? []).map((allocation) => ({
        allocation,
        start: toMinutes(allocation.start),
        end: toMinutes(allocation.end),
        dimmed: !matchesProfessional(allocation, filters.professional),
      }));
      const { cards, lanes } = laneCards(raw);
      return { date, bands: bandsFor(room, site, week.rules, date, window, names), cards, lanes };
    }),
  }));
  return { site, days, dayStart: window[0], dayEnd: window[1], grain: week.grain_minutes, rows };
}

/** Minutes allocated to each professional in the week. */
export function minutesByProfessional(allocations: Allocation[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of allocations) out.set(a.professional, (out.get(a.professional) ?? 0) + toMinutes(a.end) - toMinutes(a.start));
  return out;
}

/** The start time (minutes) a card lands on when its left edge is at `offsetRatio` of the day cell. */
export function snapStart(offsetRatio: number, dayStart: number, dayEnd: number, grain: number, duration: number): number {
  const raw = dayStart + offsetRatio * (dayEnd - dayStart);
  const snapped = Math.round(raw / grain) * grain;
  return Math.min(Math.max(snapped, dayStart), Math.max(dayStart, dayEnd - duration));
}

export function allocationKey(a: Pick<Allocation, 'professional' | 'room' | 'date' | 'start' | 'end'>): string {
  return `${a.professional}|${a.room}|${a.date}|${a.start}|${a.end}`;
}

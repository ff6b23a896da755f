// Which cards of the week a prompt's changes touch, so the board can show them before anything runs.
import type { Allocation } from '@/api/versions';
import { toMinutes } from '@/lib/time';

type AnyChange = Record<string, unknown> & { kind: string };
type Ref = { professional: string; room: string; date: string; start: string; end: string };

const keyOf = (a: Ref) => `${a.professional}|${a.room}|${a.date}|${a.start}|${a.end}`;

function overlaps(a: Allocation, start?: unknown, end?: unknown): boolean {
  if (typeof start !== 'string' || typeof end !== 'string') return true;
  return toMinutes(a.start) < toMinutes(end) && toMinutes(start) < toMinutes(a.end);
}

/** The allocation keys a changes document speaks about (a room blocked, a person absent, a card moved…). */
export function affectedKeys(changes: AnyChange[], allocations: Allocation[]): Set<string> {
  const keys = new Set<string>();
  const add = (a: Allocation) => keys.add(keyOf(a));
  for (const c of changes) {
    switch (c.kind) {
      case 'block_room':
      case 'unblock_room':
        allocations.filter((a) => a.room === c.room && (!c.date || a.date === c.date) && overlaps(a, c.start, c.end)).forEach(add);
        break;
      case 'mark_absent':
      case 'set_hour_limits':
      case 'set_availability':
        allocations.filter((a) => a.professional === c.professional && (!c.date || a.date === c.date) && overlaps(a, c.start, c.end)).forEach(add);
        break;
      case 'close_site':
        allocations.filter((a) => a.site === c.site && a.date === c.date).forEach(add);
        break;
      case 'move':
        keys.add(keyOf(c.from as Ref));
        break;
      case 'swap':
        keys.add(keyOf(c.a as Ref));
        keys.add(keyOf(c.b as Ref));
        break;
      case 'pin':
      case 'unpin':
      case 'add_saturday_entry':
        keys.add(keyOf(c as unknown as Ref));
        break;
      default:
        break;
    }
  }
  return keys;
}

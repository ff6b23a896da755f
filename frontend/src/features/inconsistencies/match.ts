import type { Allocation } from '@/api/versions';
import { toMinutes } from '@/lib/time';
import type { Inconsistency } from './api/get-inconsistencies';

/** The allocations an inconsistency speaks about: same person / room / day, overlapping its time. */
export function allocationsOf(item: Inconsistency, allocations: Allocation[]): Allocation[] {
  if (!item.professional && !item.room) return [];
  return allocations.filter((a) => {
    if (item.professional && a.professional !== item.professional) return false;
    if (item.room && a.room !== item.room) return false;
    if (item.date && a.date !== item.date) return false;
    if (item.start && item.end) {
      const [s, e] = [toMinutes(item.start), toMinutes(item.end)];
      if (toMinutes(a.end) <= s || toMinutes(a.start) >= e) return false;
    }
    return true;
  });
}

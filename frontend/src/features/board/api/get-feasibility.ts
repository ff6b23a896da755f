import { api, unwrap } from '@/lib/api-client';
import { toMinutes } from '@/lib/time';
import type { AllocationRef } from './edit-version';
import { cellKey, type FeasibilityMap, type SlotVerdict, type Verdict } from '../feasibility';

type RawSlot = {
  room: string;
  date: string;
  start: string;
  verdict: Verdict;
  delta?: number | null;
  terms?: Record<string, number> | null;
  broken?: { premissa?: string; label?: string; message?: string }[] | null;
  messages?: string[] | null;
};

/** The server's verdict for every drop target of one allocation, as the board's map. */
export async function getFeasibility(versionId: number, allocation: AllocationRef): Promise<FeasibilityMap> {
  const payload = (await unwrap(
    api.GET('/api/versions/{id}/feasibility/' as never, {
      params: { path: { id: versionId }, query: allocation },
    } as never),
  )) as { slots: RawSlot[] };
  return toFeasibilityMap(payload.slots);
}

export function toFeasibilityMap(slots: RawSlot[]): FeasibilityMap {
  const map: FeasibilityMap = new Map();
  for (const raw of slots) {
    const reasons =
      raw.verdict === 'broken'
        ? (raw.broken ?? []).map((b) => b.message ?? b.label ?? b.premissa ?? '').filter(Boolean).concat(raw.messages ?? [])
        : raw.verdict === 'worse'
          ? [`piora a semana em ${raw.delta ?? 0} pontos`]
          : [];
    const slot: SlotVerdict = {
      start: toMinutes(raw.start),
      verdict: raw.verdict,
      reasons,
      delta: raw.delta ?? 0,
      belowTarget: raw.terms?.below_target ?? 0,
    };
    const key = cellKey(raw.room, raw.date);
    const list = map.get(key);
    if (list) list.push(slot);
    else map.set(key, [slot]);
  }
  return map;
}

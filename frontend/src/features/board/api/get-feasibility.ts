import { api, unwrap, type Schemas } from '@/lib/api-client';
import { toMinutes } from '@/lib/time';
import { TERM } from '@/lib/labels';
import type { AllocationRef } from './edit-version';
import { cellKey, type FeasibilityMap, type SlotVerdict } from '../feasibility';

type Payload = Schemas['FeasibilityMap'];

/** The server's verdict for every drop target of one allocation, as the board's map. */
export async function getFeasibility(versionId: number, allocation: AllocationRef): Promise<FeasibilityMap> {
  const payload = await unwrap(api.GET('/api/versions/{id}/feasibility/', { params: { path: { id: versionId }, query: allocation } }));
  return toFeasibilityMap(payload);
}

/** The same map for a person dropped from the people list: a new entry of `minutes` wherever it could go. */
export async function getPlacementFeasibility(versionId: number, professional: string, minutes: number): Promise<FeasibilityMap> {
  const payload = await unwrap(api.GET('/api/versions/{id}/feasibility/', { params: { path: { id: versionId }, query: { professional, minutes } } }));
  return toFeasibilityMap(payload);
}

function costOf(delta: number, terms: Record<string, number>): string[] {
  const parts = Object.entries(terms)
    .filter(([, v]) => v > 0)
    .map(([t, v]) => `+${v} ${TERM[t] ?? t}`);
  return delta > 0 ? [`piora a semana em ${delta} pontos${parts.length ? ` (${parts.join(', ')})` : ''}`] : [];
}

/** Runs of equal verdicts (first..last start, every `grain` minutes) spread out into one verdict per start. */
export function toFeasibilityMap(payload: Payload): FeasibilityMap {
  const map: FeasibilityMap = new Map();
  for (const run of payload.runs) {
    const terms = run.terms ?? {};
    const delta = run.delta ?? 0;
    const reasons =
      run.verdict === 'broken'
        ? (run.reasons ?? []).map((i) => payload.reasons[i]?.message ?? payload.reasons[i]?.label ?? '').filter(Boolean)
        : costOf(delta, terms);
    const key = cellKey(run.room, run.date);
    const list = map.get(key) ?? [];
    for (let m = toMinutes(run.first_start); m <= toMinutes(run.last_start); m += payload.grain) {
      const slot: SlotVerdict = { start: m, verdict: run.verdict, reasons, delta, belowTarget: terms.below_target ?? 0 };
      list.push(slot);
    }
    map.set(key, list);
  }
  return map;
}


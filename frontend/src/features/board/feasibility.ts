// The drop-target verdicts of a picked-up card, as the board reads them: per room and date, per start time.
export type Verdict = 'ok' | 'broken' | 'worse';

export type SlotVerdict = {
  start: number; // minutes
  verdict: Verdict;
  reasons: string[]; // pt-BR, the premissas a drop there would break (broken) or the cost (worse)
  delta: number; // objective change (0 for ok)
  belowTarget: number; // minutes below target it adds
};

export type FeasibilityMap = Map<string, SlotVerdict[]>; // key: `${room}|${date}`

export function cellKey(room: string, date: string): string {
  return `${room}|${date}`;
}

export function verdictAt(map: FeasibilityMap | null | undefined, room: string, date: string, start: number): SlotVerdict | undefined {
  return map?.get(cellKey(room, date))?.find((s) => s.start === start);
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  ok: 'mantém todas as premissas',
  worse: 'possível, mas piora a semana',
  broken: 'quebra uma premissa',
};

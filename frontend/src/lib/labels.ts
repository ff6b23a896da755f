// What the coordinator reads for the codes the API uses (the glossary of DESIGN.md, in pt-BR).

export const VERSION_STATUS: Record<string, string> = {
  draft: 'rascunho',
  approved: 'aprovada',
  published: 'publicada',
  superseded: 'substituída',
};

export const VERSION_SOURCE: Record<string, string> = {
  solver: 'solver',
  what_if: 'simulação',
  manual: 'quadro',
  prompt: 'prompt',
};

export const PROVENANCE: Record<string, string> = {
  solver: 'solver',
  pin: 'fixado',
  saturday: 'sábado',
  swap: 'troca',
  board: 'quadro',
  prompt: 'prompt',
  manual: 'manual',
};

export const RUN_STATUS: Record<string, string> = {
  queued: 'na fila',
  running: 'em execução',
  done: 'concluída',
  failed: 'falhou',
};

export const RUN_KIND: Record<string, string> = { weekly: 'semana', what_if: 'simulação', prompt: 'prompt' };

export const SOLVER_STATUS: Record<string, string> = {
  OPTIMAL: 'ótima',
  FEASIBLE: 'viável',
  INFEASIBLE: 'impossível',
  UNKNOWN: 'sem solução no tempo',
  MODEL_INVALID: 'modelo inválido',
};

export const ROLE: Record<string, string> = {
  coordenador: 'coordenação',
  visualizador: 'visualização',
  profissional: 'profissional',
};

export const RULE_MODULE: Record<string, string> = {
  room_capacity: 'Capacidade da sala',
  no_overlap: 'Sobreposição',
  opening_hours: 'Horário de funcionamento',
  availability: 'Disponibilidade',
  room_kind: 'Tipo de sala',
  room_block: 'Bloqueio de sala',
  room_reserved: 'Reserva de sala',
  hour_maxima: 'Limite de horas',
  block_length: 'Bloco mínimo',
  travel_time: 'Deslocamento',
  sites_per_day: 'Unidades por dia',
  pins: 'Fixações',
  week: 'Semana',
  below_min: 'Abaixo do mínimo',
  below_target: 'Abaixo da meta',
  worst_below_target: 'Maior falta de horas',
  off_preference: 'Fora da preferência',
  changed: 'Mudanças',
  fragments: 'Fragmentação',
  google: 'Google Agenda',
  google_drift: 'Google Agenda: divergência',
  google_conflict: 'Google Agenda: conflito com a agenda pessoal',
  max_blocks_per_day: 'Blocos por dia',
};

export const TERM: Record<string, string> = {
  below_min: 'abaixo do mínimo (min)',
  below_target: 'abaixo da meta (min)',
  worst_below_target: 'maior falta (min)',
  off_preference: 'fora da preferência (min)',
  changed: 'mudanças (min)',
  fragments: 'fragmentos',
};

export function label(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return table[code] ?? code;
}

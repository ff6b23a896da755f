/** Lower case without accents, for searches that ignore both ("jose" finds "José"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

export function matches(text: string, query: string): boolean {
  const q = fold(query);
  return q === '' || fold(text).includes(q);
}

/** "Ana Beatriz Souza" → "Ana S." — what fits on a small card. */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name;
  return `${parts[0]} ${parts[parts.length - 1][0]}.`;
}

/** "quarta-feira, 9 de dezembro" → "Quarta-feira, 9 de dezembro": only the first letter (CSS capitalize would give "De Dezembro"). */
export function sentenceCase(text: string): string {
  return text.charAt(0).toLocaleUpperCase('pt-BR') + text.slice(1);
}

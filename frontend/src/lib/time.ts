// Wall-clock times of the week (America/Sao_Paulo): "HH:MM" strings and whole minutes, as the solver uses.
import { addDays, format, parseISO, startOfWeek } from 'date-fns';
import { ptBR } from 'date-fns/locale';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function fmtTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function fmtHours(minutes: number): string {
  const hours = minutes / 60;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1).replace('.', ',')} h`;
}

/** The seven ISO dates of the week that starts on `weekStart` (a Monday). */
export function weekDates(weekStart: string): string[] {
  const monday = parseISO(weekStart);
  return Array.from({ length: 7 }, (_, i) => format(addDays(monday, i), 'yyyy-MM-dd'));
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(parseISO(date).getDay() + 6) % 7];
}

export function mondayOf(date: Date): string {
  return format(startOfWeek(date, { weekStartsOn: 1 }), 'yyyy-MM-dd');
}

export function shiftWeek(weekStart: string, weeks: number): string {
  return format(addDays(parseISO(weekStart), weeks * 7), 'yyyy-MM-dd');
}

/** "seg 07/12" */
export function dayLabel(date: string): string {
  return format(parseISO(date), 'EEEEEE dd/MM', { locale: ptBR });
}

/** "segunda-feira, 7 de dezembro" */
export function longDayLabel(date: string): string {
  return format(parseISO(date), "EEEE, d 'de' MMMM", { locale: ptBR });
}

/** "7 a 13 de dezembro de 2026" */
export function weekLabel(weekStart: string): string {
  const monday = parseISO(weekStart);
  const sunday = addDays(monday, 6);
  const sameMonth = monday.getMonth() === sunday.getMonth();
  const first = format(monday, sameMonth ? 'd' : "d 'de' MMMM", { locale: ptBR });
  return `${first} a ${format(sunday, "d 'de' MMMM 'de' yyyy", { locale: ptBR })}`;
}

export function dateTimeLabel(iso: string | null | undefined): string {
  if (!iso) return '—';
  return format(parseISO(iso), "dd/MM/yyyy 'às' HH:mm", { locale: ptBR });
}

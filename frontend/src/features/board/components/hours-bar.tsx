import type { WeekProfessional } from '@/api/week';
import { fmtHours } from '@/lib/time';

/** A person's hours this week against their minimum, target and maximum. */
export function HoursBar({ professional, minutes }: { professional: WeekProfessional; minutes: number }) {
  const min = professional.min_weekly_hours * 60;
  const target = (professional.target_weekly_hours ?? professional.min_weekly_hours) * 60;
  const max = professional.max_weekly_hours != null ? professional.max_weekly_hours * 60 : null;
  const scale = Math.max(max ?? 0, target, minutes, 60);
  const state = minutes < min ? 'below-min' : minutes < target ? 'below-target' : max != null && minutes > max ? 'over-max' : 'ok';
  const parts = [`${fmtHours(minutes)} alocadas`, `mínimo ${fmtHours(min)}`, `meta ${fmtHours(target)}`];
  if (max != null) parts.push(`máximo ${fmtHours(max)}`);
  const text = parts.join(', ');
  return (
    <span className={`hours-bar ${state}`} role="meter" aria-valuemin={0} aria-valuemax={scale} aria-valuenow={minutes} aria-label={`Horas de ${professional.name}`} aria-valuetext={text} title={text}>
      <span className="fill" style={{ width: `${(minutes / scale) * 100}%` }} />
      {min > 0 && <span className="tick min" style={{ left: `${(min / scale) * 100}%` }} />}
      <span className="tick target" style={{ left: `${(target / scale) * 100}%` }} />
      {max != null && <span className="tick max" style={{ left: `${(max / scale) * 100}%` }} />}
    </span>
  );
}

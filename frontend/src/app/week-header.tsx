import { Field } from '@/components/field';
import { Link } from 'react-router';
import type { Version } from '@/api/versions';
import type { Week } from '@/api/week';
import { label, VERSION_SOURCE, VERSION_STATUS } from '@/lib/labels';
import { dateTimeLabel, mondayOf, shiftWeek, weekLabel } from '@/lib/time';

type Props = {
  weekStart: string;
  week: Week | undefined;
  siteId: string;
  versions: Version[];
  version: Version | undefined;
  onWeek: (weekStart: string) => void;
  onSite: (siteId: string) => void;
  onVersion: (id: number) => void;
  actions?: React.ReactNode;
};

/** Week picker, site tabs and the version on screen with its status and lineage. */
export function WeekHeader({ weekStart, week, siteId, versions, version, onWeek, onSite, onVersion, actions }: Props) {
  const parent = version?.parent != null ? versions.find((v) => v.id === version.parent) : undefined;
  return (
    <div className="week-header">
      <div className="week-picker" role="group" aria-label="Semana">
        <button type="button" onClick={() => onWeek(shiftWeek(weekStart, -1))} aria-label="Semana anterior">
          ‹
        </button>
        <h1>Semana de {weekLabel(weekStart)}</h1>
        <button type="button" onClick={() => onWeek(shiftWeek(weekStart, 1))} aria-label="Próxima semana">
          ›
        </button>
        <button type="button" className="link" onClick={() => onWeek(mondayOf(new Date()))}>
          esta semana
        </button>
      </div>
      {week && week.sites.length > 0 && (
        <div className="site-tabs" role="tablist" aria-label="Unidade">
          {week.sites.map((s) => (
            <button key={s.id} type="button" role="tab" aria-selected={s.id === siteId} onClick={() => onSite(s.id)}>
              {s.name}
            </button>
          ))}
        </div>
      )}
      {versions.length > 0 && (
        <div className="version-bar">
          <Field label="Versão">
            <select value={version?.id ?? ''} onChange={(e) => onVersion(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.number} — {label(VERSION_STATUS, v.status)} ({label(VERSION_SOURCE, v.source)})
                </option>
              ))}
            </select>
          </Field>
          {version && (
            <span className="lineage">
              <span className={`badge status-${version.status}`}>{label(VERSION_STATUS, version.status)}</span> origem{' '}
              {label(VERSION_SOURCE, version.source)}
              {parent ? (
                <>
                  {' '}
                  · a partir da{' '}
                  <button type="button" className="link" onClick={() => onVersion(parent.id)}>
                    versão {parent.number}
                  </button>
                </>
              ) : null}{' '}
              · {version.created_by ? `por ${version.created_by}, ` : ''}
              {dateTimeLabel(version.created_at)}
              {parent && (
                <>
                  {' '}
                  · <Link to={`/diferencas?semana=${version.week_start}&de=${parent.id}&para=${version.id}`}>o que mudou</Link>
                </>
              )}
            </span>
          )}
          {actions}
        </div>
      )}
    </div>
  );
}

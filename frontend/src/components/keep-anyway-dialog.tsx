import type { ReactNode } from 'react';
import { Dialog } from './dialog';

type Props = {
  title: string;
  intro: ReactNode;
  items: string[]; // the premissas it breaks, in the coordinator's words
  note?: ReactNode;
  acceptLabel?: string; // absent: nothing to accept, only close
  onAccept?: () => void;
  onClose: () => void;
};

/** "This breaks these premissas": cancel (the default), or keep it anyway and have the acceptance recorded. */
export function KeepAnywayDialog({ title, intro, items, note, acceptLabel, onAccept, onClose }: Props) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose} data-autofocus>
            {acceptLabel ? 'Cancelar' : 'Fechar'}
          </button>
          {acceptLabel && onAccept && (
            <button type="button" className="danger" onClick={onAccept}>
              {acceptLabel}
            </button>
          )}
        </>
      }
    >
      <p>{intro}</p>
      {items.length > 0 && (
        <ul>
          {items.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      {note && <p>{note}</p>}
    </Dialog>
  );
}

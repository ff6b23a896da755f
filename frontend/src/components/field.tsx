import { cloneElement, useId, type ReactElement } from 'react';

/** A label and its control tied by id, so the control's name is exactly the label (not its options' text). */
export function Field({ label, children, className }: { label: string; children: ReactElement<{ id?: string }>; className?: string }) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}

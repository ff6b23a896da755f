import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api-client';

export function Loading({ label = 'Carregando…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorBox({ error, children }: { error?: unknown; children?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      {children ?? errorMessage(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

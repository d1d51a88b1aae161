import type { ReactNode } from 'react';
import { ApiRequestError } from '../api/client';
import type { AsyncState } from './use-async';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const e = error instanceof ApiRequestError ? error : null;
  if (e?.missingEndpoint)
    return (
      <div className="state unavailable" data-state="unavailable">
        Not available yet: this server does not provide <code>{e.path?.split('?')[0]}</code>.
      </div>
    );
  const text = e?.status === 403 ? 'Your role cannot see this.' : e?.status === 0 ? e.message : `Could not load this: ${error.message}`;
  return (
    <div className="state error" role="alert">
      {text} {onRetry && e?.status !== 403 && <button onClick={onRetry}>Retry</button>}
    </div>
  );
}

/** Loading / error / empty / content for one async read. */
export function Async<T>({ state, empty, isEmpty, children }: { state: AsyncState<T>; empty?: ReactNode; isEmpty?: (d: T) => boolean; children: (d: T) => ReactNode }) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  if (isEmpty?.(state.data)) return <Empty>{empty ?? 'Nothing here for this period.'}</Empty>;
  return <>{children(state.data)}</>;
}

export function Panel({ title, children, actions, id, wide }: { title: string; children: ReactNode; actions?: ReactNode; id?: string; wide?: boolean }) {
  return (
    <section className={`panel${wide ? ' wide' : ''}`} aria-label={title} data-panel={id}>
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

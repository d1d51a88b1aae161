import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  loading: boolean;
  data?: T;
  error?: Error;
  reload: () => void;
}

/** Runs `fn` when `deps` change (and once `enabled`); a late answer for old deps is dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[], enabled = true): AsyncState<T> {
  const [state, setState] = useState<{ loading: boolean; data?: T; error?: Error }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const my = ++seq.current;
    setState((s) => ({ loading: true, data: s.data }));
    fn().then(
      (data) => my === seq.current && setState({ loading: false, data }),
      (error: Error) => my === seq.current && setState({ loading: false, error }),
    );
  }, [...deps, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

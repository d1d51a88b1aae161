import { useMemo } from 'react';
import { navigate } from '../router';
import { readViewState, writeViewState, type Route, type ViewState } from '../lib/url-state';

export const BROWSER_TZ = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
})();

/** The shared controls live in the URL; views read them from the route and write by navigating. */
export function useViewState(route: Route): [ViewState, (s: ViewState) => void] {
  const state = useMemo(() => readViewState(route.params, BROWSER_TZ), [route.params]);
  const set = (s: ViewState) => navigate(route.path, { ...route.params, from: undefined, to: undefined, preset: undefined, ...writeViewState(s) });
  return [state, set];
}

export function stateParams(s: ViewState): Record<string, string> {
  return writeViewState(s);
}

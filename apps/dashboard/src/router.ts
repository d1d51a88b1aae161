import { useEffect, useState } from 'react';
import { buildHash, parseHash, type Route } from './lib/url-state';

/** A hash router: the API serves the bundle from /app/ only, so paths stay in the fragment. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string, params: Record<string, string | undefined> = {}, replace = false): void {
  const h = buildHash(path, params);
  if (h === window.location.hash) return;
  if (replace) {
    history.replaceState(null, '', h);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = h;
}

export function href(path: string, params: Record<string, string | undefined> = {}): string {
  return buildHash(path, params);
}

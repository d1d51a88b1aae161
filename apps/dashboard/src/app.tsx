import { useCallback, useEffect, useState } from 'react';
import { api } from './api/client';
import { endpoints } from './api/endpoints';
import type { Me } from '@northstar/api-contracts';
import { ErrorState, Loading } from './components/states';
import { canOpen, homeFor, viewsFor } from './lib/roles';
import { href, navigate, useRoute } from './router';
import { CustomerView } from './views/customer-view';
import { DeskView } from './views/desk-view';
import { DrilldownView } from './views/drilldown-view';
import { LoginView } from './views/login-view';
import { ManagementView } from './views/management-view';
import { OperationsView } from './views/operations-view';

const ep = endpoints();

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null>(null);
  const [authState, setAuthState] = useState<'checking' | 'out' | 'in' | 'error'>(api.signedIn ? 'checking' : 'out');
  const [err, setErr] = useState<Error | null>(null);

  const loadMe = useCallback(() => {
    setAuthState('checking');
    ep.me().then(
      (m) => {
        setMe(m);
        setAuthState('in');
      },
      (e: Error & { status?: number }) => {
        if (e.status === 401) setAuthState('out');
        else {
          setErr(e);
          setAuthState('error');
        }
      },
    );
  }, []);

  useEffect(() => {
    api.onSignedOut = () => {
      setMe(null);
      setAuthState('out');
    };
    if (api.signedIn) loadMe();
  }, [loadMe]);

  useEffect(() => {
    if (me && (route.path === '/' || !canOpen(me.role, route.path))) navigate(homeFor(me.role), route.path === '/' ? route.params : {}, true);
  }, [me, route.path, route.params]);

  if (authState === 'out') return <LoginView onSignedIn={loadMe} />;
  if (authState === 'error' && err) return <ErrorState error={err} onRetry={loadMe} />;
  if (!me) return <Loading label="Signing in…" />;

  const seg = route.path.split('/').filter(Boolean);
  const keep = { tz: route.params.tz, preset: route.params.preset, from: route.params.from, to: route.params.to };
  let view = null;
  if (!canOpen(me.role, route.path)) view = <Loading />;
  else if (seg[0] === 'management') view = <ManagementView route={route} />;
  else if (seg[0] === 'drilldown' && seg[1]) view = <DrilldownView route={route} drillKey={seg[1]} />;
  else if (seg[0] === 'desk') view = <DeskView route={route} me={me.email} />;
  else if (seg[0] === 'customers' && seg[1]) view = <CustomerView route={route} id={seg[1]} />;
  else if (seg[0] === 'operations') view = <OperationsView route={route} canSeeCustomers={canOpen(me.role, '/customers/x')} />;

  return (
    <div className="shell" data-role={me.role}>
      <header className="topbar">
        <strong className="brand">Northstar</strong>
        <nav aria-label="Views">
          {viewsFor(me.role).map((v) => (
            <a key={v.path} href={href(v.path, keep)} aria-current={'/' + (seg[0] ?? '') === v.path ? 'page' : undefined} data-nav={v.path.slice(1)}>
              {v.label}
            </a>
          ))}
        </nav>
        <span className="who">
          {me.name} · {me.role.replace('_', ' ')}
          <button type="button" onClick={() => void api.logout()}>
            Sign out
          </button>
        </span>
      </header>
      <main>{view}</main>
    </div>
  );
}

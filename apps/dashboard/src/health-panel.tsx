import { useEffect, useState } from 'react';
import { getJson } from './api';

interface Dependency {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}
interface Readiness {
  status: string;
  failing: string[];
  dependencies: Dependency[];
}

export function HealthPanel() {
  const [state, setState] = useState<{ loading: boolean; data?: Readiness; error?: string }>({ loading: true });
  useEffect(() => {
    let alive = true;
    const load = () =>
      getJson<Readiness>('/health/ready')
        .then(({ body }) => alive && setState({ loading: false, data: body }))
        .catch((e: Error) => alive && setState({ loading: false, error: e.message }));
    void load();
    const t = setInterval(load, 5000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);
  if (state.loading) return <p role="status">Checking the platform…</p>;
  if (state.error || !state.data) return <p role="alert">The API cannot be reached: {state.error}</p>;
  return (
    <section aria-label="Platform health">
      <h2>Platform: {state.data.status === 'ok' ? 'all systems up' : `degraded (${state.data.failing.join(', ')})`}</h2>
      <table>
        <thead>
          <tr>
            <th>Dependency</th>
            <th>Status</th>
            <th>Latency</th>
          </tr>
        </thead>
        <tbody>
          {state.data.dependencies.map((d) => (
            <tr key={d.name} data-testid={`dep-${d.name}`}>
              <td>{d.name}</td>
              <td>{d.ok ? 'up' : `down: ${d.error ?? ''}`}</td>
              <td>{d.latencyMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

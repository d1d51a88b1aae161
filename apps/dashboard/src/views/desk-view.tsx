import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import { Controls } from '../components/controls';
import { DataTable } from '../components/data-table';
import { Async, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { isOverdue, riskTier, snoozeUntil, sortDesk, type DeskItem } from '../lib/desk';
import { formatDateTime, formatMoney, formatNumber, relativeTime } from '../lib/format';
import type { Route } from '../lib/url-state';
import { href, navigate } from '../router';
import { stateParams, useViewState } from './view-state';

const ep = endpoints();

function Actions({ item, onDone, me }: { item: DeskItem; onDone: (msg: string) => void; me: string }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const run = async (action: 'acknowledge' | 'assign' | 'snooze' | 'resolve', body: Record<string, unknown>, msg: string) => {
    setBusy(true);
    setErr('');
    try {
      await ep.deskAction(item.taskId!, action, body);
      onDone(msg);
    } catch (e) {
      setErr((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (item.status === 'resolved') return <span className="muted">Resolved</span>;
  if (!item.taskId) return <span className="muted" title="No customer-success task has been created for this customer yet (rules create them).">No task yet</span>;
  return (
    <div className="actions" data-task={item.taskId}>
      {(item.status === 'open' || item.status === 'snoozed') && (
        <button type="button" disabled={busy} data-action="acknowledge" onClick={() => run('acknowledge', {}, `Acknowledged ${item.customerName ?? item.customerId}`)}>
          Acknowledge
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        data-action="assign"
        onClick={() => {
          const who = window.prompt('Assign to (user e-mail or id)', item.assignee ?? me);
          if (who) void run('assign', { assignee: who }, `Assigned to ${who}`);
        }}
      >
        Assign
      </button>
 {item.status !== 'snoozed' && (
      <select aria-label="Snooze" disabled={busy} value="" data-action="snooze" onChange={(e) => e.target.value && run('snooze', { until: snoozeUntil(Number(e.target.value)) }, 'Snoozed')}>
        <option value="">Snooze…</option>
        <option value="4">4 hours</option>
        <option value="24">1 day</option>
        <option value="72">3 days</option>
        <option value="168">1 week</option>
      </select>
      )}
      <button
        type="button"
        disabled={busy}
        data-action="resolve"
        onClick={() => {
          const note = window.prompt('How was it resolved?', 'Called the customer; issue addressed');
          if (note) void run('resolve', { resolution: note }, 'Resolved');
        }}
      >
        Resolve
      </button>
      {err && (
        <span className="bad" role="alert">
          {err}
        </span>
      )}
    </div>
  );
}

export function DeskView({ route, me }: { route: Route; me: string }) {
  const [state, setState] = useViewState(route);
  const status = route.params.status ?? 'active';
  const desk = useAsync(() => ep.desk({ owner: state.owner || undefined, segment: state.segment || undefined, status: status === 'active' ? undefined : status }), [state.owner, state.segment, status]);
  const [flash, setFlash] = useState('');
  const params = stateParams(state);
  return (
    <div className="view" data-view="desk">
      <Controls state={state} onChange={setState} filters={['segment', 'owner']} />
      {flash && (
        <p className="flash" role="status" data-flash>
          {flash}
        </p>
      )}
      <Panel
        title="At-risk customers"
        id="desk"
        wide
        actions={
          <label className="inline">
            Show{' '}
            <select name="status" value={status} onChange={(e) => navigate(route.path, { ...route.params, status: e.target.value === 'active' ? undefined : e.target.value })}>
              <option value="active">Needs attention</option>
              <option value="open">Open tasks</option>
              <option value="acknowledged">Acknowledged</option>
              <option value="snoozed">Snoozed</option>
              <option value="resolved">Resolved</option>
            </select>
          </label>
        }
      >
        <Async state={desk} isEmpty={(d) => !d.length} empty="Nobody is at risk right now. 🎉">
          {(items) => (
            <DataTable
              name="at-risk-desk"
              pageSize={25}
              rows={sortDesk(items)}
              rowKey={(r) => r.id}
              columns={[
                { key: 'risk', header: 'Risk', value: (r) => riskTier(r), render: (r) => <span className={`pill ${riskTier(r)}`}>{riskTier(r)}</span> },
                { key: 'customer', header: 'Customer', value: (r) => r.customerName ?? r.customerId, render: (r) => <a href={href(`/customers/${r.customerId}`, params)}>{r.customerName ?? r.customerId}</a> },
                { key: 'health', header: 'Health', value: (r) => r.score, render: (r) => (r.score === null ? '—' : <span className={`band ${r.band ?? ''}`}>{r.score}</span>), align: 'right' },
                { key: 'churn', header: 'Churn risk', value: (r) => r.churnProbability, render: (r) => (r.churnProbability === null || r.churnProbability === undefined ? '—' : `${formatNumber(r.churnProbability * 100, 0)}%`), align: 'right' },
                { key: 'value', header: 'Value', value: (r) => r.valueMinor, render: (r) => formatMoney(r.valueMinor, r.currency ?? 'CAD', true), align: 'right' },
                { key: 'reasons', header: 'Why', value: (r) => r.reasons.join('; '), render: (r) => (r.reasons.length ? <ul className="reasons" title={r.reasons.join('\n')}>{r.reasons.slice(0, 3).map((x, i) => <li key={i}>{x}</li>)}{r.reasons.length > 3 && <li className="muted">+{r.reasons.length - 3} more</li>}</ul> : <span className="muted">—</span>) },
                { key: 'task', header: 'Task', value: (r) => r.title ?? '' },
                { key: 'status', header: 'Status', value: (r) => r.status, render: (r) => <span data-status={r.status} title={r.snoozedUntil ? `until ${formatDateTime(r.snoozedUntil, state.tz)}` : undefined}>{r.status}</span> },
                { key: 'owner', header: 'Owner', value: (r) => r.assignee ?? r.owner ?? '' },
                { key: 'due', header: 'Due', value: (r) => r.dueAt, render: (r) => (r.dueAt && r.status !== 'resolved' ? <span className={isOverdue(r.dueAt) ? 'bad' : undefined} title={formatDateTime(r.dueAt, state.tz)}>{relativeTime(r.dueAt)}</span> : '—') },
                { key: 'actions', header: 'Actions', value: () => '', render: (r) => <Actions item={r} me={me} onDone={(m) => { setFlash(m); desk.reload(); }} /> },
              ]}
            />
          )}
        </Async>
      </Panel>
    </div>
  );
}

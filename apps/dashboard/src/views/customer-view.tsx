import { endpoints } from '../api/endpoints';
import { DataTable } from '../components/data-table';
import { Sparkline } from '../components/sparkline';
import { Async, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { firingReason, plainReason } from '../lib/desk';
import { formatDateTime, formatMoney, formatNumber, humanize } from '../lib/format';
import type { Route } from '../lib/url-state';
import { BROWSER_TZ } from './view-state';

const ep = endpoints();


export function CustomerView({ route, id }: { route: Route; id: string }) {
  const tz = route.params.tz || BROWSER_TZ;
  const profile = useAsync(() => ep.customer(id), [id]);
  const health = useAsync(() => ep.health(id), [id]);
  const churn = useAsync(() => ep.churn(id), [id]);
  const timeline = useAsync(() => ep.timeline(id, 200), [id]);
  const quotes = useAsync(() => ep.quotes({ customerId: id }), [id]);
  const invoices = useAsync(() => ep.invoices({ customerId: id }), [id]);
  const interventions = useAsync(() => ep.interventions(id), [id]);
  const tickets = useAsync(() => ep.tickets({ customerId: id }), [id]);
  const feedback = useAsync(() => ep.feedback({ customerId: id }), [id]);
  const segments = useAsync(() => ep.customerSegments(id), [id]);

  return (
    <div className="view" data-view="customer">
      <Panel title="Profile" id="profile">
        <Async state={profile}>
          {(c) => (
            <dl className="profile">
              <dt>Name</dt>
              <dd data-testid="customer-name">{c.name}</dd>
              <dt>Number</dt>
              <dd>{c.customerNumber ?? c.id}</dd>
              <dt>Type</dt>
              <dd>{c.type ?? '—'}{c.company ? ` · ${c.company}` : ''}</dd>
              <dt>Contact</dt>
              <dd>{[c.email, c.phone].filter(Boolean).join(' · ') || '—'}</dd>
              <dt>Where</dt>
              <dd>{[c.city, c.country].filter(Boolean).join(', ') || '—'}</dd>
              <dt>Stage</dt>
              <dd>{c.lifecycleStage ? humanize(c.lifecycleStage) : '—'}</dd>
              <dt>Customer since</dt>
              <dd>{formatDateTime(c.createdAt, tz)}</dd>
              <dt>Last service</dt>
              <dd>{formatDateTime(c.lastServiceAt, tz)}</dd>
              <dt>Segments</dt>
              <dd data-testid="customer-segments">
                {segments.data?.profile
                  ? `${segments.data.profile.rfmSegment} · ${humanize(segments.data.profile.valueTier)} value · ${humanize(segments.data.profile.lifecycleStage)}`
                  : segments.loading
                    ? '…'
                    : 'not computed yet'}
              </dd>
            </dl>
          )}
        </Async>
      </Panel>

      <Panel title="Health" id="health">
        <Async state={health} isEmpty={(h) => !h.current} empty="No health score yet.">
          {(h) => (
            <>
              <p className="health-now">
                <span className={`band big ${h.current!.band}`}>{h.current!.score}</span> {h.current!.band} · trend {h.current!.trend ?? '—'}
                {h.current!.missing?.length ? <small> (no data for {h.current!.missing.join(', ')}; weights renormalised)</small> : null}
              </p>
              <Sparkline values={[...h.history].reverse().map((x) => x.score)} width={240} height={40} label="Health history" />
              <DataTable
                name="health-components"
                rows={h.current!.components}
                rowKey={(c) => c.key}
                columns={[
                  { key: 'component', header: 'Component', value: (c) => humanize(c.key) },
                  { key: 'value', header: 'Score', value: (c) => c.value, render: (c) => (c.value === null || c.value === undefined ? '—' : formatNumber(c.value, 0)), align: 'right' },
                  { key: 'weight', header: 'Weight', value: (c) => c.effectiveWeight ?? c.weight, align: 'right' },
                  { key: 'contribution', header: 'Contribution', value: (c) => c.contribution, render: (c) => (c.contribution === null || c.contribution === undefined ? '—' : formatNumber(c.contribution, 1)), align: 'right' },
                  { key: 'reasons', header: 'Why', value: (c) => (c.reasons ?? []).join('; ') },
                ]}
              />
            </>
          )}
        </Async>
      </Panel>

      <Panel title="Churn risk" id="churn">
        <Async state={churn} isEmpty={(c) => c === null} empty="No churn score yet (scored every 6 hours).">
          {(c0) => {
            const c = c0!;
            return (
            <>
              <p>
                <b>{formatNumber(c.probability * 100, 0)}%</b> chance of churning ({c.risk} risk){c.pAlive !== null && c.pAlive !== undefined ? ` · P(still active) ${formatNumber(c.pAlive * 100, 0)}%` : ''}
              </p>
              <ul className="reasons">
                {c.drivers.map((d, i) => (
                  <li key={i}>{plainReason(d as { text?: string; key?: string })}</li>
                ))}
              </ul>
            </>
            );
          }}
        </Async>
      </Panel>

      <Panel title="Interaction timeline" id="timeline" wide>
        <Async state={timeline} isEmpty={(t) => !t.data.length} empty="No interactions recorded.">
          {(t) => (
            <DataTable
              name="timeline"
              rows={t.data}
              rowKey={(e) => e.event_id}
              pageSize={25}
              columns={[
                { key: 'when', header: 'When', value: (e) => e.timestamp, render: (e) => formatDateTime(e.timestamp, tz) },
                { key: 'event', header: 'Event', value: (e) => e.event },
                { key: 'type', header: 'Type', value: (e) => e.type },
                { key: 'amount', header: 'Amount', value: (e) => e.amount_minor || null, render: (e) => (e.amount_minor ? formatMoney(e.amount_minor, e.currency || 'CAD') : ''), align: 'right' },
              ]}
            />
          )}
        </Async>
      </Panel>

      <Panel title="Quotes" id="quotes">
        <Async state={quotes} isEmpty={(q) => !q.length} empty="No quotes.">
          {(q) => (
            <DataTable name="quotes" rows={q} rowKey={(x) => x.id} columns={[{ key: 'number', header: 'Number', value: (x) => `${x.number} v${x.version}` }, { key: 'title', header: 'Title', value: (x) => x.title }, { key: 'status', header: 'Status', value: (x) => x.status }, { key: 'total', header: 'Total', value: (x) => x.totalMinor, render: (x) => formatMoney(x.totalMinor, x.currency), align: 'right' }]} />
          )}
        </Async>
      </Panel>

      <Panel title="Invoices" id="invoices">
        <Async state={invoices} isEmpty={(q) => !q.length} empty="No invoices.">
          {(q) => (
            <DataTable name="invoices" rows={q} rowKey={(x) => x.id} columns={[{ key: 'number', header: 'Number', value: (x) => x.number }, { key: 'kind', header: 'Kind', value: (x) => x.kind }, { key: 'status', header: 'Status', value: (x) => x.status }, { key: 'due', header: 'Due', value: (x) => x.dueAt, render: (x) => formatDateTime(x.dueAt, tz) }, { key: 'open', header: 'Outstanding', value: (x) => x.totalMinor - x.paidMinor, render: (x) => formatMoney(x.totalMinor - x.paidMinor, x.currency), align: 'right' }]} />
          )}
        </Async>
      </Panel>

      <Panel title="Tickets" id="tickets">
        <Async state={tickets} isEmpty={(t) => !t.length} empty="No tickets.">
          {(t) => (
            <DataTable
              name="tickets"
              rows={t}
              rowKey={(x) => x.id}
              columns={[
                { key: 'number', header: 'Ticket', value: (x) => x.number },
                { key: 'subject', header: 'Subject', value: (x) => x.subject },
                { key: 'priority', header: 'Priority', value: (x) => x.priority },
                { key: 'status', header: 'Status', value: (x) => humanize(x.status), render: (x) => <span data-status={x.status}>{humanize(x.status)}{x.escalationLevel > 0 ? ` · ${x.escalationLabel ?? 'escalated'}` : ''}</span> },
                { key: 'opened', header: 'Opened', value: (x) => x.createdAt, render: (x) => formatDateTime(x.createdAt, tz) },
              ]}
            />
          )}
        </Async>
      </Panel>

      <Panel title="Feedback" id="feedback">
        <Async state={feedback} isEmpty={(f) => !f.length} empty="No feedback given.">
          {(f) => (
            <DataTable
              name="feedback"
              rows={f}
              rowKey={(x) => x.id}
              columns={[
                { key: 'when', header: 'When', value: (x) => x.createdAt, render: (x) => formatDateTime(x.createdAt, tz) },
                { key: 'kind', header: 'Kind', value: (x) => x.kind.toUpperCase() },
                { key: 'score', header: 'Score', value: (x) => x.score, align: 'right' },
                { key: 'comment', header: 'Comment', value: (x) => x.comment ?? '' },
              ]}
            />
          )}
        </Async>
      </Panel>

      <Panel title="Interventions so far" id="interventions">
        <Async state={interventions} isEmpty={(x) => !x.length} empty="No interventions yet.">
          {(x) => <DataTable name="interventions" rows={x} rowKey={(i) => i.id} columns={[{ key: 'when', header: 'Fired', value: (i) => i.firedAt, render: (i) => formatDateTime(i.firedAt, tz) }, { key: 'rule', header: 'Rule', value: (i) => i.ruleName ?? i.ruleId ?? '' }, { key: 'why', header: 'Why', value: (i) => firingReason(i.reason) ?? '' }, { key: 'outcome', header: 'Outcome', value: (i) => (i.heldOut ? 'held out (no action)' : (i.outcome ?? '')) }]} />}
        </Async>
      </Panel>
    </div>
  );
}

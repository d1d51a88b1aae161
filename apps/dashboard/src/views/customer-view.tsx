import { endpoints } from '../api/endpoints';
import type { TimelineEvent } from '../api/types';
import { DataTable } from '../components/data-table';
import { Sparkline } from '../components/sparkline';
import { Async, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { plainReason } from '../lib/desk';
import { formatDateTime, formatMoney, formatNumber, humanize } from '../lib/format';
import type { Route } from '../lib/url-state';
import { BROWSER_TZ } from './view-state';

const ep = endpoints();

const prop = (e: TimelineEvent, k: string) => (e.properties && typeof e.properties === 'object' ? (e.properties as Record<string, unknown>)[k] : undefined);

export function CustomerView({ route, id }: { route: Route; id: string }) {
  const tz = route.params.tz || BROWSER_TZ;
  const profile = useAsync(() => ep.customer(id), [id]);
  const health = useAsync(() => ep.health(id), [id]);
  const churn = useAsync(() => ep.churn(id), [id]);
  const timeline = useAsync(() => ep.timeline(id, 200), [id]);
  const quotes = useAsync(() => ep.quotes({ customerId: id }), [id]);
  const invoices = useAsync(() => ep.invoices({ customerId: id }), [id]);
  const interventions = useAsync(() => ep.interventions(id), [id]);
  const events = timeline.data?.data ?? [];
  const tickets = events.filter((e) => e.event.startsWith('Ticket '));
  const feedback = events.filter((e) => e.event === 'Feedback Submitted');

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
        <Async state={churn}>
          {(c) => (
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
          )}
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
        <Async state={timeline} isEmpty={() => !tickets.length} empty="No tickets.">
          {() => <DataTable name="tickets" rows={tickets} rowKey={(e) => e.event_id} columns={[{ key: 'when', header: 'When', value: (e) => e.timestamp, render: (e) => formatDateTime(e.timestamp, tz) }, { key: 'ticket', header: 'Ticket', value: (e) => String(prop(e, 'ticketId') ?? '') }, { key: 'what', header: 'What', value: (e) => e.event.replace('Ticket ', '') }]} />}
        </Async>
      </Panel>

      <Panel title="Feedback" id="feedback">
        <Async state={timeline} isEmpty={() => !feedback.length} empty="No feedback given.">
          {() => <DataTable name="feedback" rows={feedback} rowKey={(e) => e.event_id} columns={[{ key: 'when', header: 'When', value: (e) => e.timestamp, render: (e) => formatDateTime(e.timestamp, tz) }, { key: 'kind', header: 'Kind', value: (e) => String(prop(e, 'kind') ?? '').toUpperCase() }, { key: 'score', header: 'Score', value: (e) => Number(prop(e, 'score') ?? NaN), align: 'right' }]} />}
        </Async>
      </Panel>

      <Panel title="Interventions so far" id="interventions">
        <Async state={interventions} isEmpty={(x) => !x.length} empty="No interventions yet.">
          {(x) => <DataTable name="interventions" rows={x} rowKey={(i) => i.id} columns={[{ key: 'when', header: 'Fired', value: (i) => i.firedAt, render: (i) => formatDateTime(i.firedAt, tz) }, { key: 'rule', header: 'Rule', value: (i) => i.ruleName ?? i.ruleId ?? '' }, { key: 'outcome', header: 'Outcome', value: (i) => (i.heldOut ? 'held out (no action)' : (i.outcome ?? '')) }]} />}
        </Async>
      </Panel>
    </div>
  );
}

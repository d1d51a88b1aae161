import { lazy, Suspense } from 'react';
import { endpoints } from '../api/endpoints';
import { DataTable } from '../components/data-table';
import { Async, Loading, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { countBy } from '../lib/chart-data';
import { addDays, todayIn } from '../lib/date-presets';
import { formatDateTime, formatMoney, humanize, relativeTime } from '../lib/format';
import type { Route } from '../lib/url-state';
import { href } from '../router';
import { BROWSER_TZ } from './view-state';

const CountBars = lazy(() => import('../components/charts').then((m) => ({ default: m.CountBars })));
const ep = endpoints();
const PIPELINE = ['draft', 'in_review', 'approved', 'sent', 'viewed', 'revision_requested', 'accepted', 'rejected', 'expired', 'superseded'];

export function OperationsView({ route, canSeeCustomers }: { route: Route; canSeeCustomers: boolean }) {
  const tz = route.params.tz || BROWSER_TZ;
  const today = todayIn(tz);
  const quotes = useAsync(() => ep.quotes({ limit: 200 }), []);
  const overdue = useAsync(() => ep.invoices({ status: 'overdue' }), []);
  const appts = useAsync(() => ep.appointments(today, addDays(today, 1), tz), [today]);
  const breaches = useAsync(() => ep.quoteRequests({ breached: true }), []);
  const cust = (id: string, label?: string) => (canSeeCustomers ? <a href={href(`/customers/${id}`, { tz })}>{label ?? id}</a> : (label ?? id));
  return (
    <div className="view" data-view="operations">
      <Panel title="Quote pipeline by state" id="pipeline">
        <Async state={quotes} isEmpty={(q) => !q.length} empty="No quotes yet.">
          {(q) => {
            const rows = countBy(q, (x) => x.status, PIPELINE).map((r) => ({ state: humanize(r.key), count: r.count, valueMinor: q.filter((x) => x.status === r.key).reduce((s, x) => s + x.totalMinor, 0) }));
            return (
              <>
                <Suspense fallback={<Loading />}>
                  <CountBars data={rows} dataKey="count" nameKey="state" />
                </Suspense>
                <DataTable name="quote-pipeline" rows={rows} rowKey={(r) => r.state} columns={[{ key: 'state', header: 'State', value: (r) => r.state }, { key: 'count', header: 'Quotes', value: (r) => r.count, align: 'right' }, { key: 'value', header: 'Value', value: (r) => r.valueMinor, render: (r) => formatMoney(r.valueMinor, q[0]?.currency ?? 'CAD'), align: 'right' }]} />
              </>
            );
          }}
        </Async>
      </Panel>

      <Panel title="Overdue invoices" id="overdue">
        <Async state={overdue} isEmpty={(x) => !x.length} empty="No overdue invoices.">
          {(x) => (
            <DataTable
              name="overdue-invoices"
              rows={x}
              rowKey={(i) => i.id}
              initialSort={{ key: 'due', dir: 'asc' }}
              columns={[
                { key: 'number', header: 'Invoice', value: (i) => i.number },
                { key: 'customer', header: 'Customer', value: (i) => i.customerId, render: (i) => cust(i.customerId) },
                { key: 'due', header: 'Due', value: (i) => i.dueAt, render: (i) => `${formatDateTime(i.dueAt, tz)} (${relativeTime(i.dueAt)})` },
                { key: 'open', header: 'Outstanding', value: (i) => i.totalMinor - i.paidMinor - (i.creditedMinor ?? 0), render: (i) => formatMoney(i.totalMinor - i.paidMinor - (i.creditedMinor ?? 0), i.currency), align: 'right' },
              ]}
            />
          )}
        </Async>
      </Panel>

      <Panel title={`Appointments today (${today})`} id="appointments">
        <Async state={appts} isEmpty={(x) => !x.length} empty="No appointments today.">
          {(x) => <DataTable name="appointments-today" rows={x} rowKey={(a) => a.id} initialSort={{ key: 'start', dir: 'asc' }} columns={[{ key: 'start', header: 'Starts', value: (a) => a.startsAt, render: (a) => formatDateTime(a.startsAt, tz) }, { key: 'customer', header: 'Customer', value: (a) => a.customer?.name ?? a.customerId, render: (a) => cust(a.customerId, a.customer?.name) }, { key: 'type', header: 'Type', value: (a) => a.type }, { key: 'status', header: 'Status', value: (a) => a.status }]} />}
        </Async>
      </Panel>

      <Panel title="Intake response-time breaches" id="breaches" wide>
        <Async state={breaches} isEmpty={(x) => !x.items.length} empty="No breached quote requests.">
          {(x) => (
            <DataTable
              name="intake-breaches"
              rows={x.items}
              rowKey={(q) => q.id}
              columns={[
                { key: 'number', header: 'Request', value: (q) => q.number },
                { key: 'customer', header: 'Customer', value: (q) => q.customer?.name ?? q.customerId, render: (q) => cust(q.customerId, q.customer?.name) },
                { key: 'category', header: 'Category', value: (q) => q.category },
                { key: 'queue', header: 'Queue', value: (q) => q.queue },
                { key: 'urgent', header: 'Urgent', value: (q) => (q.urgent ? 'yes' : 'no') },
                { key: 'received', header: 'Received', value: (q) => q.receivedAt, render: (q) => formatDateTime(q.receivedAt, tz) },
                { key: 'due', header: 'Response was due', value: (q) => q.firstResponseDueAt, render: (q) => formatDateTime(q.firstResponseDueAt, tz) },
                { key: 'status', header: 'Status', value: (q) => (q.firstRespondedAt ? `responded ${formatDateTime(q.firstRespondedAt, tz)}` : q.status) },
              ]}
            />
          )}
        </Async>
      </Panel>
    </div>
  );
}

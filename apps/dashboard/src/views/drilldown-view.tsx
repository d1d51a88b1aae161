import { endpoints, listOf } from '../api/endpoints';
import type { Customer } from '@northstar/api-contracts';
import { Controls } from '../components/controls';
import { DataTable } from '../components/data-table';
import { Async, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { formatDateTime, formatMoney, humanize } from '../lib/format';
import { drillFor, LIFECYCLE_STEPS, mergeReached } from '../lib/kpi-meta';
import type { Route } from '../lib/url-state';
import { href } from '../router';
import { stateParams, useViewState } from './view-state';

const ep = endpoints();

interface Row {
  customerId: string;
  name?: string;
  detail: string;
  sortValue: number | string;
  at?: string;
}

/** What a drill key means: a KPI, a funnel step, a lifecycle stage or a segment. */
function describe(key: string): { title: string; load: (r: { from: string; to: string; tz: string }) => Promise<Row[]> } {
  const funnelStep = /^funnel-(\d+)$/.exec(key);
  const drill = funnelStep ? ({ kind: 'funnel', step: Number(funnelStep[1]), population: `Customers who reached “${LIFECYCLE_STEPS[Number(funnelStep[1]) - 1]}” in the period` } as const) : null;
  if (key.startsWith('stage-')) {
    const stage = key.slice(6);
    return {
      title: `Customers in stage “${humanize(stage)}”`,
      load: async () => listOf<Customer>(await ep.customers({ lifecycleStage: stage, pageSize: 100, sort: 'name' })).map((c) => ({ customerId: c.id, name: c.name, detail: c.lifecycleStage ?? stage, sortValue: c.name, at: c.lastServiceAt ?? undefined })),
    };
  }
  if (key.startsWith('segment-')) {
    const seg = key.slice(8);
    return {
      title: `Customers in segment “${seg}”`,
      load: async () => (await ep.segmentMembers(seg, 500)).map((m) => ({ customerId: m.customerId, detail: m.source === 'manual' ? `${seg} (added by an intervention)` : seg, sortValue: m.customerId, at: m.enteredAt })),
    };
  }
  const d = drill ?? drillFor(key);
  if (d.kind === 'invoices')
    return {
      title: `${humanize(key)}: ${d.population}`,
      load: async () => {
        const lists = await Promise.all(d.statuses.map((s) => ep.invoices({ status: s })));
        const by = new Map<string, { due: number; count: number; currency: string; oldest: string }>();
        for (const inv of lists.flat()) {
          const cur = by.get(inv.customerId) ?? { due: 0, count: 0, currency: inv.currency, oldest: inv.dueAt };
          cur.due += inv.totalMinor - inv.paidMinor - (inv.creditedMinor ?? 0);
          cur.count += 1;
          if (inv.dueAt < cur.oldest) cur.oldest = inv.dueAt;
          by.set(inv.customerId, cur);
        }
        return [...by.entries()].map(([customerId, v]) => ({ customerId, detail: `${v.count} open invoice${v.count > 1 ? 's' : ''}, ${formatMoney(v.due, v.currency)} due`, sortValue: v.due, at: v.oldest }));
      },
    };
  return {
    title: `${funnelStep ? 'Lifecycle funnel' : humanize(key)}: ${d.population}`,
    load: async (r) => {
      // Everyone who reached step s = those who stopped at s, s+1, …, last.
      const lists = [];
      for (let s = d.step; s <= LIFECYCLE_STEPS.length; s++) lists.push({ step: s, units: (await ep.dropped(r, s, 1000)).units });
      return mergeReached(lists).map((x) => ({ customerId: x.customerId, detail: `Furthest: ${x.furthestStep}. ${LIFECYCLE_STEPS[x.furthestStep - 1]}`, sortValue: x.furthestStep, at: x.enteredAt }));
    },
  };
}

export function DrilldownView({ route, drillKey }: { route: Route; drillKey: string }) {
  const [state, setState] = useViewState(route);
  const d = describe(drillKey);
  const rows = useAsync(() => d.load({ from: state.from, to: state.to, tz: state.tz }), [drillKey, state.from, state.to, state.tz]);
  const params = stateParams(state);
  return (
    <div className="view" data-view="drilldown">
      <p>
        <a href={href('/management', params)}>← Back to the management view</a>
      </p>
      <Controls state={state} onChange={setState} filters={[]} />
      <Panel title={d.title} id="drilldown" wide>
        <Async state={rows}>
          {(data) => (
            <DataTable
              name={`drilldown-${drillKey}`}
              rows={data}
              rowKey={(r) => r.customerId}
              empty="No customers behind this figure in the period."
              columns={[
                { key: 'customer', header: 'Customer', value: (r) => r.name ?? r.customerId, render: (r) => <a href={href(`/customers/${r.customerId}`, params)}>{r.name ?? r.customerId}</a> },
                { key: 'detail', header: 'Detail', value: (r) => r.detail },
                { key: 'at', header: 'Since', value: (r) => r.at ?? '', render: (r) => formatDateTime(r.at, state.tz) },
              ]}
            />
          )}
        </Async>
      </Panel>
    </div>
  );
}

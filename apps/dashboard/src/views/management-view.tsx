import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { endpoints } from '../api/endpoints';
import { Controls } from '../components/controls';
import { DataTable } from '../components/data-table';
import { FunnelChart } from '../components/funnel-chart';
import { KpiTile } from '../components/kpi-tile';
import { RetentionHeatmap } from '../components/retention-heatmap';
import { Async, Loading, Panel } from '../components/states';
import { useAsync } from '../components/use-async';
import { bandShares, kpiSeries, stageRows } from '../lib/chart-data';
import { intervalFor, splitRange, todayIn } from '../lib/date-presets';
import { formatMoney, formatNumber, humanize } from '../lib/format';
import { betterOf, HEADLINE_KPIS, LIFECYCLE_STEPS } from '../lib/kpi-meta';
import { FAMILY_LABELS, segmentFamilies, segmentsOf } from '../lib/segments';
import type { Route } from '../lib/url-state';
import { href, navigate } from '../router';
import { stateParams, useViewState } from './view-state';

const Charts = {
  MoneyLines: lazy(() => import('../components/charts').then((m) => ({ default: m.MoneyLines }))),
  RateLine: lazy(() => import('../components/charts').then((m) => ({ default: m.RateLine }))),
  BandsArea: lazy(() => import('../components/charts').then((m) => ({ default: m.BandsArea }))),
  CountBars: lazy(() => import('../components/charts').then((m) => ({ default: m.CountBars }))),
};

const ep = endpoints();

/** KPI series for sparklines and the receivables chart: the KPIs of 6 sub-periods, in one call (served from snapshots). */
function useKpiSeries(range: { from: string; to: string; tz: string }, enabled: boolean) {
  const [series, setSeries] = useState<{ labels: string[]; byKey: Record<string, (number | null)[]> } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    setSeries(null);
    (async () => {
      let answers: { label: string; kpis: { key: string; value: number | null }[] }[];
      try {
        const r = await ep.kpiSeries(range, 6);
        answers = r.buckets.map((b) => ({ label: b.from.slice(0, 10), kpis: Object.entries(b.values).map(([key, value]) => ({ key, value })) }));
      } catch {
        answers = splitRange(range, 6).map((b) => ({ label: b.from, kpis: [] }));
      }
      if (alive) setSeries({ labels: answers.map((a) => a.label), byKey: kpiSeries(answers) });
    })();
    return () => {
      alive = false;
    };
  }, [range.from, range.to, range.tz, enabled]);
  return series;
}

export function ManagementView({ route }: { route: Route }) {
  const [state, setState] = useViewState(route);
  const range = { from: state.from, to: state.to, tz: state.tz };
  const interval = intervalFor(range);
  const kpis = useAsync(() => ep.kpis(range), [state.from, state.to, state.tz]);
  // The embedded ClickHouse runs one statement per client at a time: asking for the charts
  // in parallel with the tiles only queues the tiles behind them. Tiles first, then the rest.
  const tilesDone = !kpis.loading;
  const funnel = useAsync(() => ep.lifecycleFunnel(range, interval, state.category || undefined), [state.from, state.to, state.tz, state.category], tilesDone);
  const retention = useAsync(() => ep.retention(range, 'month'), [state.from, state.to, state.tz], tilesDone);
  const health = useAsync(() => ep.healthDistribution(range, interval), [state.from, state.to, state.tz], tilesDone);
  const segments = useAsync(() => ep.segmentSizes(), [], tilesDone);
  const series = useKpiSeries(range, !!kpis.data && !funnel.loading && !retention.loading);
  const [showAll, setShowAll] = useState(route.params.all === '1');
  const [segFamily, setSegFamily] = useState('rfm');
  const currency = kpis.data?.period.currency ?? 'CAD';
  const params = stateParams(state);

  useEffect(() => {
    // The moment the tiles show real numbers is what "interactive" means here (the benchmark reads this mark).
    if (kpis.data && !performance.getEntriesByName('management-interactive').length) performance.mark('management-interactive');
  }, [kpis.data]);

  const tiles = useMemo(() => {
    const all = kpis.data?.kpis ?? [];
    return showAll ? all : HEADLINE_KPIS.map((k) => all.find((x) => x.key === k)).filter((x): x is NonNullable<typeof x> => !!x);
  }, [kpis.data, showAll]);

  const moneyData = series ? series.labels.map((label, i) => ({ label, revenue: series.byKey.revenue?.[i] ?? null, receivables: series.byKey.outstanding_receivables?.[i] ?? null })) : [];

  return (
    <div className="view" data-view="management">
      <Controls state={state} onChange={setState} filters={['category', 'segment', 'owner']} />
      <Panel title="Key figures" id="kpis" wide actions={<button type="button" onClick={() => setShowAll((v) => !v)}>{showAll ? 'Headline KPIs' : 'All KPIs'}</button>}>
        <Async state={kpis}>
          {() => (
            <div className="kpi-grid" data-ready="true">
              {tiles.map((k) => (
                <KpiTile key={k.key} kpi={k} better={betterOf(k.key)} currency={currency} series={series?.byKey[k.key]} onDrill={() => navigate(`/drilldown/${k.key}`, params)} />
              ))}
            </div>
          )}
        </Async>
      </Panel>

      <Panel title="Revenue and receivables over time" id="money">
        {!kpis.data && !kpis.error ? <Loading /> : series === null ? <Loading label="Computing the trend…" /> : (
          <Suspense fallback={<Loading />}>
            <Charts.MoneyLines data={moneyData} currency={currency} lines={[{ key: 'revenue', label: 'Net revenue', color: '#16a34a' }, { key: 'receivables', label: 'Outstanding receivables (period end)', color: '#dc2626' }]} />
          </Suspense>
        )}
        {kpis.data && kpis.data.revenueByMonth.length > 0 && (
          <DataTable name="revenue-by-month" rows={kpis.data.revenueByMonth} rowKey={(r) => r.month} pageSize={12} columns={[{ key: 'month', header: 'Month', value: (r) => r.month }, { key: 'net', header: 'Net revenue', value: (r) => r.netMinor, render: (r) => formatMoney(r.netMinor, currency), align: 'right' }]} />
        )}
      </Panel>

      <Panel title={`Lifecycle funnel${state.category ? ` — ${state.category}` : ''}`} id="funnel">
        <Async state={funnel} isEmpty={(f) => !f.steps.length || f.steps[0].count === 0} empty="No inquiries in this period.">
          {(f) => <FunnelChart steps={f.steps} onStep={(step) => navigate(`/drilldown/funnel-${step}`, params)} />}
        </Async>
      </Panel>

      <Panel title="Conversion over time (inquiry → repeat)" id="conversion">
        <Async state={funnel} isEmpty={(f) => !f.overTime.length} empty="No inquiries in this period.">
          {(f) => (
            <Suspense fallback={<Loading />}>
              <Charts.RateLine data={f.overTime.map((o) => ({ label: o.bucket, conversion: o.reached[2] !== undefined && o.entered ? o.reached[2] / o.entered : null }))} dataKey="conversion" label="Inquiry → quote accepted" />
            </Suspense>
          )}
        </Async>
      </Panel>

      <Panel title="Cohort retention (monthly, by first payment)" id="retention" wide>
        <Async state={retention} isEmpty={(r) => !r.cohorts.length} empty="No paying cohorts start in this period.">
          {(r) => <RetentionHeatmap data={r} asOf={todayIn(state.tz)} />}
        </Async>
      </Panel>

      <Panel title="Lifecycle stages" id="stages">
        <Async state={kpis} isEmpty={(k) => !k.stages.length} empty="No customers yet.">
          {(k) => {
            const rows = stageRows(k.stages);
            return (
              <DataTable
                name="lifecycle-stages"
                rows={rows}
                rowKey={(r) => r.stage}
                columns={[
                  { key: 'stage', header: 'Stage', value: (r) => r.stage, render: (r) => <a href={href(stageDrill(r.stage), params)}>{humanize(r.stage)}</a> },
                  { key: 'current', header: 'Customers (period end)', value: (r) => r.current, align: 'right' },
                  { key: 'previous', header: 'Previous period end', value: (r) => r.previous, align: 'right' },
                  { key: 'days', header: 'Mean days in stage', value: (r) => r.meanDaysInStage, render: (r) => (r.meanDaysInStage === null ? '—' : formatNumber(r.meanDaysInStage, 0)), align: 'right' },
                ]}
              />
            );
          }}
        </Async>
      </Panel>

      <Panel title="Health distribution over time" id="health">
        <Async state={health} isEmpty={(h) => !h.length} empty="No health scores in this period.">
          {(h) => (
            <Suspense fallback={<Loading />}>
              <Charts.BandsArea data={bandShares(h)} />
            </Suspense>
          )}
        </Async>
      </Panel>

      <Panel title="Segment sizes" id="segments">
        <Async state={segments} isEmpty={(s) => !s.length} empty="No segments computed yet.">
          {(s) => {
            const sizes = latestSizes(s);
            const families = segmentFamilies(sizes);
            const family = families.includes(segFamily) ? segFamily : families[0];
            const rows = segmentsOf(sizes, family);
            return (
              <>
                <div className="segment-families" role="tablist" aria-label="Segment family">
                  {families.map((f) => (
                    <button key={f} type="button" role="tab" aria-selected={f === family} className={f === family ? 'active' : undefined} onClick={() => setSegFamily(f)}>
                      {FAMILY_LABELS[f] ?? f}
                    </button>
                  ))}
                </div>
                <Suspense fallback={<Loading />}>
                  <Charts.CountBars data={rows} dataKey="size" nameKey="name" onClick={(name) => navigate(`/drilldown/segment-${family}:${name}`, params)} />
                </Suspense>
                <DataTable name="segment-sizes" rows={rows} rowKey={(r) => r.segmentKey} pageSize={20} columns={[{ key: 'segment', header: 'Segment', value: (r) => r.name, render: (r) => <a href={href(`/drilldown/segment-${r.segmentKey}`, params)}>{r.name}</a> }, { key: 'size', header: 'Customers', value: (r) => r.size, align: 'right' }]} />
              </>
            );
          }}
        </Async>
      </Panel>
    </div>
  );
}

/** Segment size history → the latest size per segment. */
export function latestSizes(rows: { segmentKey: string; size: number; at?: string }[]): { segmentKey: string; size: number }[] {
  const m = new Map<string, { segmentKey: string; size: number; at: string }>();
  for (const r of rows) {
    const cur = m.get(r.segmentKey);
    if (!cur || (r.at ?? '') >= cur.at) m.set(r.segmentKey, { segmentKey: r.segmentKey, size: r.size, at: r.at ?? '' });
  }
  return [...m.values()].sort((a, b) => b.size - a.size).map(({ segmentKey, size }) => ({ segmentKey, size }));
}

/** Stages named after a lifecycle event drill into the funnel step of that event; others into the customer list by stage. */
function stageDrill(stage: string): string {
  const i = LIFECYCLE_STEPS.indexOf(stage);
  return i >= 0 ? `/drilldown/funnel-${i + 1}` : `/drilldown/stage-${stage}`;
}

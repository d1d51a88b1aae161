import { buildDesk, firingReason, isOverdue, plainReason, riskTier, snoozeUntil, sortDesk, type AtRiskRow, type DeskItem, type DeskTask } from './desk';
import { drillFor, mergeReached } from './kpi-meta';
import { canOpen, homeFor, viewsFor } from './roles';

const item = (id: string, p: Partial<DeskItem>): DeskItem => ({ id, customerId: id, reasons: [], status: 'open', ...p });

describe('at-risk desk', () => {
  it('risk tier is the worse of band and churn probability', () => {
    expect(riskTier({ band: 'green', churnProbability: 0.7 })).toBe('high');
    expect(riskTier({ band: 'red', churnProbability: 0.1 })).toBe('high');
    expect(riskTier({ band: 'green', churnProbability: 0.35 })).toBe('medium');
    expect(riskTier({ band: null, churnProbability: null })).toBe('low');
  });

  it('sorts by risk, then value, then probability, then due time', () => {
    const sorted = sortDesk([
      item('low-rich', { band: 'green', valueMinor: 1_000_000 }),
      item('high-poor', { band: 'red', valueMinor: 100 }),
      item('high-rich', { band: 'red', valueMinor: 50_000 }),
      item('med', { band: 'yellow', valueMinor: 0 }),
      item('high-rich-later', { band: 'red', valueMinor: 50_000, dueAt: '2024-02-01T00:00:00Z' }),
      item('high-rich-sooner', { band: 'red', valueMinor: 50_000, dueAt: '2024-01-01T00:00:00Z' }),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['high-rich-sooner', 'high-rich-later', 'high-rich', 'high-poor', 'med', 'low-rich']);
  });

  it('reasons in plain words', () => {
    expect(plainReason('invoice_overdue')).toBe('Invoice is overdue');
    expect(plainReason({ text: 'No payment for 45 days' })).toBe('No payment for 45 days');
    expect(plainReason({ type: 'nps_detractor' })).toBe('Gave a low NPS score (detractor)');
    expect(plainReason('Something the API already worded')).toBe('Something the API already worded');
  });

  it('snooze and overdue', () => {
    const now = new Date('2024-01-01T00:00:00Z');
    expect(snoozeUntil(24, now)).toBe('2024-01-02T00:00:00.000Z');
    expect(isOverdue('2023-12-31T00:00:00Z', now)).toBe(true);
    expect(isOverdue(null, now)).toBe(false);
  });
});

describe('drill-downs', () => {
  it('maps KPIs to the population behind them', () => {
    expect(drillFor('quote_to_customer_conversion')).toMatchObject({ kind: 'funnel', step: 2 });
    expect(drillFor('time_to_quote_mean_hours')).toMatchObject({ kind: 'funnel', step: 1 });
    expect(drillFor('outstanding_receivables')).toMatchObject({ kind: 'invoices' });
    expect(drillFor('revenue')).toMatchObject({ kind: 'funnel', step: 5 });
  });
  it('merges per-step drop-off lists into one row per customer with the furthest step', () => {
    expect(
      mergeReached([
        { step: 2, units: [{ unit: 'a', enteredAt: '2024-01-02' }] },
        { step: 3, units: [{ unit: 'b', enteredAt: '2024-01-05' }, { unit: 'a', enteredAt: '2024-01-01' }] },
      ]),
    ).toEqual([
      { customerId: 'a', furthestStep: 3, enteredAt: '2024-01-01' },
      { customerId: 'b', furthestStep: 3, enteredAt: '2024-01-05' },
    ]);
  });
});

describe('views by role', () => {
  it('each role gets its views; admin gets all', () => {
    expect(viewsFor('management').map((v) => v.path)).toEqual(['/management', '/operations']);
    expect(viewsFor('customer_success').map((v) => v.path)).toEqual(['/desk']);
    expect(viewsFor('operations').map((v) => v.path)).toEqual(['/operations']);
    expect(viewsFor('admin')).toHaveLength(3);
    expect(homeFor('customer_success')).toBe('/desk');
  });
  it('routes outside a role are refused', () => {
    expect(canOpen('operations', '/management')).toBe(false);
    expect(canOpen('operations', '/customers/x')).toBe(false);
    expect(canOpen('customer_success', '/customers/x')).toBe(true);
    expect(canOpen('management', '/drilldown/revenue')).toBe(true);
    expect(canOpen('customer_success', '/drilldown/revenue')).toBe(false);
  });
});

describe('desk rows from the API', () => {
  const task = (id: string, customerId: string, p: Partial<DeskTask> = {}): DeskTask => ({ id, customerId, kind: 'outreach', title: 'Call them', owner: 'cs@x.test', assignee: null, status: 'open', dueAt: '2024-01-02T00:00:00Z', ...p });
  const risk = (customerId: string, p: Partial<AtRiskRow> = {}): AtRiskRow => ({
    customerId,
    customerName: `Name ${customerId}`,
    risk: 0.8,
    value: { monetaryMinor12m: 5000, tier: 'high' },
    health: { score: 30, band: 'red' },
    churn: { probability: 0.4 },
    reasons: { health: [{ component: 'payment', reasons: ['Invoice 21 days late'] }], churnDrivers: ['No interaction for 74 days', 'Invoice 21 days late'], triggers: [{ ruleId: 'r', firedAt: '2024-01-01', reason: { trigger: 'health_band', text: 'Health red (score 30)' } }] },
    openTasks: [],
    ...p,
  });

  it('one row per task with its customer risk, plus untasked at-risk customers without actions', () => {
    const rows = buildDesk([risk('a', { openTasks: [task('t1', 'a')] }), risk('b')], [task('t1', 'a'), task('t2', 'gone', { customerName: 'Recovered Ltd' })], { includeUntasked: true });
    expect(rows.map((r) => [r.id, r.taskId, r.customerName, r.band, r.valueMinor])).toEqual([
      ['t1', 't1', 'Name a', 'red', 5000],
      ['t2', 't2', 'Recovered Ltd', null, null],
      ['customer:b', null, 'Name b', 'red', 5000],
    ]);
    expect(rows[0].reasons).toEqual(['Health red (score 30)', 'No interaction for 74 days', 'Invoice 21 days late']);
  });

  it('a status filter drops untasked rows; owner and segment filters narrow', () => {
    const tasks = [task('t1', 'a'), task('t2', 'b', { assignee: 'lead@x.test' })];
    expect(buildDesk([risk('a'), risk('c')], tasks, { includeUntasked: false }).map((r) => r.id)).toEqual(['t1', 't2']);
    expect(buildDesk([], tasks, { includeUntasked: true, owner: 'LEAD' }).map((r) => r.id)).toEqual(['t2']);
    expect(buildDesk([risk('c')], tasks, { includeUntasked: true, customerIds: new Set(['a', 'c']) }).map((r) => r.id)).toEqual(['t1', 'customer:c']);
  });

  it('names a firing by the engine text, else its trigger', () => {
    expect(firingReason({ trigger: 'invoice_overdue' })).toBe('Invoice is overdue');
    expect(firingReason({ trigger: 'health_band', text: 'Health red' })).toBe('Health red');
    expect(firingReason(null)).toBeNull();
  });
});

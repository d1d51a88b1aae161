import { KPI_DEFINITIONS, type KpiKey } from '@northstar/api-contracts';

/** What the dashboard knows about each KPI beyond the API's figure: which way is good (the server's catalogue), and where it drills. */
export const betterOf = (key: KpiKey): 'higher' | 'lower' => KPI_DEFINITIONS[key].better;

/** The tiles management sees first; the rest are behind "all KPIs". */
export const HEADLINE_KPIS: KpiKey[] = [
  'revenue',
  'quote_to_customer_conversion',
  'time_to_quote_mean_hours',
  'outstanding_receivables',
  'customer_lifetime_value',
  'repeat_business_rate',
  'days_to_payment_mean',
  'on_time_delivery_rate',
  'csat',
  'nps',
  'lead_response_within_4h',
  'average_project_value',
];

/** Lifecycle funnel steps (1-based), as in the API's lifecycle preset. */
export const LIFECYCLE_STEPS = ['Inquiry Received', 'Quote Sent', 'Quote Accepted', 'Appointment Held', 'Deposit Paid', 'Project Completed', 'Final Invoice Paid', 'Repeat Business'];

export type Drill =
  | { kind: 'funnel'; step: number; population: string }
  | { kind: 'invoices'; statuses: string[]; population: string };

/**
 * The customers behind a tile: the population the KPI is computed over, read
 * from the lifecycle funnel (everyone who reached a step in the period) or from
 * the invoice list for receivables.
 */
export function drillFor(key: string): Drill {
  if (key === 'outstanding_receivables' || key === 'open_invoices') return { kind: 'invoices', statuses: ['issued', 'partially_paid', 'overdue'], population: 'Customers with unpaid invoices' };
  if (key.startsWith('time_to_quote') || key.startsWith('lead_response')) return { kind: 'funnel', step: 1, population: 'Customers who sent an inquiry in the period' };
  if (key === 'quote_to_customer_conversion') return { kind: 'funnel', step: 2, population: 'Customers who were sent a quote in the period' };
  if (key === 'repeat_business_rate') return { kind: 'funnel', step: 8, population: 'Customers who came back for repeat business' };
  if (['on_time_delivery_rate', 'milestone_on_time_rate', 'quote_accuracy', 'csat', 'csat_mean_score', 'nps', 'support_volume', 'resolution_mean_minutes', 'resolution_median_minutes'].includes(key))
    return { kind: 'funnel', step: 6, population: 'Customers whose project was completed in the period' };
  return { kind: 'funnel', step: 5, population: 'Customers who paid a deposit in the period' };
}

/** Drill-down rows from per-step "dropped" lists: each customer once, with the furthest step reached. */
export function mergeReached(lists: { step: number; units: { unit: string; enteredAt: string }[] }[]): { customerId: string; furthestStep: number; enteredAt: string }[] {
  const m = new Map<string, { customerId: string; furthestStep: number; enteredAt: string }>();
  for (const l of lists)
    for (const u of l.units) {
      const cur = m.get(u.unit);
      if (!cur) m.set(u.unit, { customerId: u.unit, furthestStep: l.step, enteredAt: u.enteredAt });
      else {
        if (l.step > cur.furthestStep) cur.furthestStep = l.step;
        if (u.enteredAt < cur.enteredAt) cur.enteredAt = u.enteredAt;
      }
    }
  return [...m.values()].sort((a, b) => b.furthestStep - a.furthestStep || a.customerId.localeCompare(b.customerId));
}

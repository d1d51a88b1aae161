import type { CustomerPlan, JobPlan } from '../world.types';
import { MILESTONES_BY_COMPLEXITY, REPLAY_QUOTE_VALIDITY_DAYS } from './history-plan';

const DAY = 86_400_000;

/** Where every demo customer lives: the business's own city, so quotes carry Ontario HST. */
export const DEMO_ADDRESS = { city: 'Toronto', region: 'ON', country: 'CA' } as const;
export const DEMO_TIME_ZONE = 'America/Toronto';

const words = (key: string) => key.replace(/_/g, ' ');
const title = (s: string) => s[0].toUpperCase() + s.slice(1);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The staff registration form, filled in for a plan's customer (validated by the customers schema). */
export function registrationInput(c: CustomerPlan, currency: string) {
  return {
    type: c.type,
    name: c.name,
    email: c.email,
    phone: c.phone,
    preferredContact: 'email',
    channel: c.leadSource,
    company: c.company,
    address: DEMO_ADDRESS,
    currency,
    timeZone: DEMO_TIME_ZONE,
    ...(c.referredBy ? { referredBy: c.referredBy } : {}),
  };
}

/** The quote request as the customer described it (validated by the intake schema). */
export function requestInput(c: CustomerPlan, j: JobPlan) {
  return {
    name: c.name,
    email: c.email,
    phone: c.phone,
    company: c.company,
    contactPreference: 'email',
    category: j.category,
    complexity: j.complexity,
    urgent: j.urgent,
    details: `${title(words(j.category))} work${c.company ? ` for ${c.company}` : ''}: ${j.complexity} scope${j.urgent ? ', needed urgently' : ''}.`,
  };
}

/** One priced line: the plan's amounts are pre-tax; the quote adds tax from the customer's address. */
export function quoteLines(j: JobPlan, amountMinor: number) {
  return [{ kind: 'custom' as const, description: `${title(words(j.category))} (${j.complexity})`, unitMinor: amountMinor, quantity: 1 }];
}

/** Milestones quoted for the job, due across the planned project (or a month from the quote when no project is planned). */
export function quoteMilestones(j: JobPlan) {
  const n = MILESTONES_BY_COMPLEXITY[j.complexity];
  const from = j.project?.activatedAt.getTime() ?? j.respondedAt.getTime();
  const span = j.project ? j.project.plannedEnd.getTime() - from : 30 * DAY;
  return Array.from({ length: n }, (_, m) => ({ name: n === 1 ? 'Delivery' : `Phase ${m + 1} of ${n}`, dueDate: day(from + ((m + 1) / n) * span) }));
}

/** The draft quote answering a quote request (validated by the quotes schema). */
export function quoteInput(customerId: string, quoteRequestId: string, c: CustomerPlan, j: JobPlan) {
  const what = words(j.category);
  return {
    customerId,
    quoteRequestId,
    title: `${title(what)} for ${c.company ?? c.name}`,
    executiveSummary: `${title(j.complexity)} ${what} work${j.urgent ? ', scheduled as urgent' : ''}.`,
    scope: `Assessment, delivery and hand-over of the ${what} work requested.`,
    milestones: quoteMilestones(j),
    lines: quoteLines(j, j.quote.versions[0].amountMinor),
    validityDays: REPLAY_QUOTE_VALIDITY_DAYS,
  };
}

export const REJECTION_REASONS: Record<string, string> = {
  price: 'The price is above our budget.',
  timing: 'The timing does not work for us.',
  went_with_competitor: 'We went with another provider.',
  scope_changed: 'Our needs changed.',
};

/** Appointment type for the plan's visit: a device comes in for assessment, other work starts with a kickoff. */
export function appointmentType(j: JobPlan): 'technical_assessment' | 'project_kickoff' {
  return j.appointment?.type === 'drop_off' ? 'technical_assessment' : 'project_kickoff';
}

export const TICKET_PRIORITY = { low: 'low', normal: 'normal', high: 'high', urgent: 'critical' } as const;

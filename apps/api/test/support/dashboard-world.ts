import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { AftercareService } from '@northstar/aftercare';
import { QuoteService } from '@northstar/quotes';
import { HealthScoreService } from '@northstar/health';
import { InterventionEngine } from '@northstar/interventions';
import { SegmentService } from '@northstar/segments';
import { generateBusinessHistory, insertEvents } from '@northstar/analytics/testing';

export const PASSWORD = 'correct horse battery staple 9';
export const ROLES: StaffRole[] = ['admin', 'management', 'customer_success', 'operations'];
export const emailOf = (role: StaffRole) => `${role.replace('_', '-')}@dashboard.test`;
/** The generated history spans late 2023 to 2025; this year of it is what the views show. */
export const RANGE = { from: '2024-01-01', to: '2025-01-01', tz: 'UTC' };

export interface DashboardWorld {
  customers: { id: string; name: string }[];
  taskId: string | null;
  /** Tickets of the first customer (one resolved, with a survey answered). */
  ticketNumbers: string[];
  appointmentId: string;
  /** Customers with generated history before the range end (each gets one RFM segment as of then). */
  customerCount: number;
}

/**
 * A small world: a staff user per role; three real customers (through the public
 * intake form, so they have quote requests, one of them breached); a generated
 * business history in ClickHouse whose first three customers are those real ones;
 * health history and segments computed from it; tickets and feedback for the first
 * customer, a churn score, desk tasks made by real rule firings; an appointment now.
 */
export async function seedDashboardWorld(app: NestFastifyApplication, customerCount = 120): Promise<DashboardWorld> {
  const users = app.get(UsersService);
  for (const role of ROLES) await users.create({ email: emailOf(role), name: `${role.replace('_', ' ')} user`, role, password: PASSWORD });

  const names = ['Ada Lovelace Consulting', 'Grace Hopper Repairs', 'Alan Turing Labs'];
  const customers: { id: string; name: string }[] = [];
  const prisma = app.get(PrismaService);
  for (const [i, name] of names.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/intake/quote-requests',
      payload: { name, email: `owner${i}@customer${i}.test`, phone: `+1416555010${i}`, contactPreference: 'email', category: i === 1 ? 'repair' : 'web_development', urgent: i === 0, details: 'We need a new customer portal, please quote.' },
    });
    if (res.statusCode >= 300) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
  }
  const qrs = await prisma.quoteRequest.findMany({ orderBy: { receivedAt: 'asc' }, include: { customer: true } });
  for (const qr of qrs) customers.push({ id: qr.customerId, name: qr.customer.name });
  // The breach job runs on a schedule; the view only reads the flag.
  await prisma.quoteRequest.update({ where: { id: qrs[0].id }, data: { breachedAt: new Date() } });

  const idMap = new Map(customers.map((c, i) => [`cust${i}`, c.id]));
  const events = generateBusinessHistory(customerCount, 7).map((e) => ({ ...e, customer_id: idMap.get(e.customer_id) ?? e.customer_id }));
  const ch = app.get(ClickhouseService);
  await insertEvents(await ch.writer(), events);

  // Intelligence computed by the real services over that history: health at the end of
  // every month of the range (so the distribution over time has real history rows),
  // segments as of the range end.
  for (let m = 1; m <= 12; m++) await app.get(HealthScoreService).recompute({ asOf: new Date(Date.UTC(2024, m, 1)) });
  await app.get(SegmentService).recompute(new Date(`${RANGE.to}T00:00:00Z`));

  const c0 = customers[0].id;
  const now = new Date();

  // After-care for the first customer through the real service and the public survey link:
  // two tickets, one resolved, its survey answered (CSAT 2, NPS 4 — a detractor).
  const care = app.get(AftercareService);
  const t1 = await care.openTicket({ customerId: c0, subject: 'Portal login fails for two users', description: 'Since the last release.', priority: 'high', tier: 1 }, 'system');
  const t2 = await care.openTicket({ customerId: c0, subject: 'Invoice PDF shows the wrong address', description: 'Please correct it.', priority: 'normal', tier: 2 }, 'system');
  await care.changeStatus(t2.id, 'resolved', 'Address corrected', 'system');
  const survey = await prisma.feedbackRequest.findFirstOrThrow({ where: { ticketId: t2.id } });
  const answered = await app.inject({ method: 'POST', url: `/feedback/${survey.token}`, payload: { csat: 2, nps: 4, comment: 'Slow to fix' } });
  if (answered.statusCode !== 200) throw new Error(`feedback failed: ${answered.statusCode} ${answered.body}`);
  const answeredAt = new Date();

  // Those lifecycle events travel outbox → events queue → ClickHouse writer, which asks for a
  // debounced health recompute of the customer. Wait for it, so the views read settled scores.
  const deadline = Date.now() + 45_000;
  for (;;) {
    const h = await prisma.healthScore.findUnique({ where: { subjectType_subjectId: { subjectType: 'customer', subjectId: c0 } } });
    if (h && h.computedAt >= answeredAt) break;
    if (Date.now() > deadline) throw new Error('the health drain did not recompute the first customer within 45 s of its feedback');
    await new Promise((r) => setTimeout(r, 250));
  }

  // Churn scoring needs a trained model and months of recent history (tested in libs/churn):
  // the first customer gets its score as a row.
  await prisma.churnScore.create({ data: { customerId: c0, probability: 0.72, risk: 'high', drivers: [{ feature: 'recency', contribution: 1.2, text: 'Has not bought anything for 200 days' }], modelVersion: 1, computedAt: now } });

  // The playbook's rules, fired by the real engine: firings, logs and desk tasks.
  await prisma.interventionRule.create({
    data: { name: 'Red health: executive engagement', trigger: { type: 'health_band', bands: ['red'] }, cooldownDays: 30, actions: [{ type: 'task', kind: 'executive_engagement', owner: emailOf('customer_success'), dueHours: 24 }] },
  });
  await prisma.interventionRule.create({
    data: { name: 'Churn risk: outreach', trigger: { type: 'churn_risk', threshold: 0.5 }, cooldownDays: 30, actions: [{ type: 'task', kind: 'outreach', owner: emailOf('customer_success'), dueHours: 48 }] },
  });
  await app.get(InterventionEngine).evaluate(new Date());
  const task = await prisma.csTask.findFirst({ where: { customerId: c0 } });
  if (!task) throw new Error('the churn rule did not create a task for the first customer');

  // A quote pipeline through the real quote service: a draft, one in review, one sent.
  const quotes = app.get(QuoteService);
  const quote = (customerId: string, title: string, unitMinor: number) =>
    quotes.create({ customerId, title, executiveSummary: 'What we will do and why.', scope: 'Design, build and launch.', milestones: [], lines: [{ kind: 'custom', description: title, unitMinor, quantity: 1 }], taxLocation: { country: 'CA', region: 'ON' } }, null);
  await quote(customers[2].id, 'Lab inventory system', 1_250_000);
  const inReview = await quote(customers[1].id, 'Repair-shop booking site', 480_000);
  await quotes.submitForReview(inReview.id, null);
  const sent = await quote(customers[0].id, 'Customer portal', 2_400_000);
  await quotes.submitForReview(sent.id, null);
  await quotes.approve(sent.id, null);
  await quotes.send(sent.id, null);

  // An appointment in the current hour (booking goes through Google Calendar, tested in libs/appointments).
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const appt = await prisma.appointment.create({
    data: { customerId: customers[1].id, type: 'technical_assessment', startsAt: hour, endsAt: new Date(hour.getTime() + 3_600_000), blockedFrom: hour, blockedUntil: new Date(hour.getTime() + 3_600_000), timeZone: 'UTC', hostCalendarId: 'team@dashboard.test' },
  });
  return { customers, taskId: task.id, ticketNumbers: [t1.number, t2.number], appointmentId: appt.id, customerCount: new Set(events.filter((e) => e.ts < Date.parse(`${RANGE.to}T00:00:00Z`)).map((e) => e.customer_id)).size };
}

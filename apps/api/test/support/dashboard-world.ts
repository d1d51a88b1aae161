import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { generateBusinessHistory } from '@northstar/analytics/src/testing/generate';
import { insertEvents } from '@northstar/analytics/src/testing/events';

export const PASSWORD = 'correct horse battery staple 9';
export const ROLES: StaffRole[] = ['admin', 'management', 'customer_success', 'operations'];
export const emailOf = (role: StaffRole) => `${role.replace('_', '-')}@dashboard.test`;
/** The generated history spans late 2023 to 2025; this year of it is what the views show. */
export const RANGE = { from: '2024-01-01', to: '2025-01-01', tz: 'UTC' };

export interface DashboardWorld {
  customers: { id: string; name: string }[];
  taskId: string | null;
}

/**
 * A small world: a staff user per role; three real customers (through the public
 * intake form, so they have quote requests, one of them breached); a generated
 * business history in ClickHouse whose first three customers are those real ones;
 * and an at-risk task with health and churn rows for the first customer.
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

  let taskId: string | null = null;
  const c0 = customers[0].id;
  const now = new Date();
  await prisma.healthScore.create({
    data: {
      subjectType: 'customer',
      subjectId: c0,
      score: 28,
      band: 'red',
      previousScore: 61,
      previousBand: 'yellow',
      trend: 'down',
      profile: 'established',
      components: [
        { key: 'payment', value: 10, weight: 30, effectiveWeight: 30, contribution: 3, reasons: ['Invoice 21 days late'] },
        { key: 'engagement', value: 35, weight: 25, effectiveWeight: 25, contribution: 8.75, reasons: ['No interaction for 40 days'] },
      ],
      missing: [],
      computedAt: now,
      bandSince: now,
    },
  });
  await prisma.churnScore.create({ data: { customerId: c0, probability: 0.72, risk: 'high', drivers: [{ feature: 'recency', contribution: 1.2, text: 'Has not bought anything for 200 days' }], modelVersion: 1, computedAt: now } });
  const task = await prisma.csTask.create({ data: { customerId: c0, kind: 'executive_engagement', title: 'Red health: executive engagement', owner: emailOf('customer_success'), dueAt: new Date(now.getTime() + 24 * 3_600_000) } });
  taskId = task.id;
  return { customers, taskId };
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { INTAKE_OPTIONS, type IntakeOptions } from '@northstar/intake';
import { PrismaService } from '@northstar/prisma';
import { createReadyApiApp } from '@northstar/platform';

type Response = Awaited<ReturnType<NestFastifyApplication['inject']>>;

/**
 * Document numbers (QR quote requests, INV invoices, CN credit notes, TKT tickets) are
 * gap-free per kind and year: a transaction that takes a number and then fails must hand
 * it back, as a sequence never would. Each kind is issued through the API, many at once,
 * some of them made to fail after taking their number: a trigger refuses the document
 * row, once it carries a real number, of a customer whose name starts with "Rollback".
 * The committed numbers must then be exactly 1..N, and the next one N+1.
 */
describe('document numbers stay gap-free when transactions roll back', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let intake: IntakeOptions;
  const tokens: Partial<Record<StaffRole, string>> = {};
  const as = (role: StaffRole) => ({ authorization: `Bearer ${tokens[role]}` });
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnvironment({ QUOTE_REVIEW_THRESHOLD_MINOR: '100000000' });
    app = await createReadyApiApp();
    prisma = app.get(PrismaService);
    intake = app.get(INTAKE_OPTIONS);
    for (const role of ['operations', 'admin'] as const) {
      const u = await app.get(UsersService).create({ email: `${role}@numbering.test`, name: role, role });
      tokens[role] = (await app.get(AuthService).startSession({ id: u.user.id, role, email: u.user.email })).accessToken;
    }
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_rollback_customers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.number ~ '^[A-Z]+-[0-9]{4}-[0-9]+$' AND EXISTS (SELECT 1 FROM customers WHERE id = NEW."customerId" AND name LIKE 'Rollback %') THEN
          RAISE EXCEPTION 'deliberate failure after taking %', NEW.number;
        END IF;
        RETURN NEW;
      END $$`);
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  /** `KIND-YEAR-0001` … `KIND-YEAR-000n`, written out here rather than by the numbering code. */
  const series = (kind: string, year: number, count: number) => Array.from({ length: count }, (_, i) => `${kind}-${year}-${String(i + 1).padStart(4, '0')}`);

  const committed = async (table: string, kind: string, year: number) =>
    (await prisma.$queryRawUnsafe<{ number: string }[]>(`SELECT number FROM ${table} WHERE number LIKE $1 ORDER BY number`, `${kind}-${year}-%`)).map((r) => r.number);

  /** Every third attempt fails after taking its number. */
  const failing = (i: number) => i % 3 === 2;

  /** Setup, four at a time: the race under test is the only burst. */
  async function prepare<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < count; i += 4) out.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, j) => make(i + j)))));
    return out;
  }

  /**
   * Runs all attempts at once with the trigger armed on `table`; each must commit (2xx)
   * or, if it is a failing one, answer 500. Returns how many committed.
   */
  async function race(table: string, attempts: { fail: boolean; issue: () => Promise<Response> }[]): Promise<number> {
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_rollback BEFORE INSERT OR UPDATE OF number ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_rollback_customers()`);
    let results: Response[];
    try {
      results = await Promise.all(attempts.map((a) => a.issue()));
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_rollback ON ${table}`);
    }
    const wrong = results
      .map((r, i) => ({ i, fail: attempts[i].fail, status: r.statusCode }))
      .filter((x) => (x.fail ? x.status !== 500 : x.status < 200 || x.status > 299));
    expect(wrong).toEqual([]);
    const rolledBack = attempts.filter((a) => a.fail).length;
    expect(rolledBack).toBeGreaterThan(0);
    return attempts.length - rolledBack;
  }

  async function customer(fail: boolean) {
    n++;
    const digits = `1416555${String(1000 + n).padStart(4, '0')}`;
    return prisma.customer.create({
      data: {
        customerNumber: `N-${process.pid}-${n}`,
        name: `${fail ? 'Rollback' : 'Steady'} Customer ${n}`,
        email: `numbering-${n}-${process.pid}@example.test`,
        phone: `+${digits}`,
        phoneDigits: digits,
        preferredContact: 'email',
        channel: 'web_form',
        country: 'CA',
        region: 'ON',
        timeZone: 'America/Toronto',
      },
    });
  }

  /** A quote sent to the customer, with the token of the customer's link. */
  async function sentQuote(customerId: string) {
    const q = await app.inject({
      method: 'POST',
      url: '/quotes',
      headers: as('operations'),
      payload: { customerId, title: 'T', executiveSummary: 'S', scope: 'Scope', lines: [{ kind: 'custom', description: 'Work', unitMinor: 100_000, quantity: 1 }] },
    });
    expect(q.statusCode).toBe(201);
    const s = await app.inject({ method: 'POST', url: `/quotes/${q.json().id}/send`, headers: as('operations') });
    expect(s.statusCode).toBe(200);
    return { id: s.json().id as string, token: new URL(s.json().customerLink).searchParams.get('token')! };
  }

  /** Accepting a quote creates its deposit invoice, INV-numbered, in the acceptance transaction. */
  const accept = (q: { id: string; token: string }) =>
    app.inject({ method: 'POST', url: `/customer/quotes/${q.id}/accept?token=${q.token}`, payload: { name: 'Test Customer', agree: true } });

  it('QR: 60 intake requests at once, every third rolled back after taking its number', async () => {
    intake.now = () => new Date('2031-06-10T14:00:00Z');
    const form = (i: number, fail: boolean) => ({
      name: `${fail ? 'Rollback' : 'Steady'} Visitor ${i}`,
      email: `visitor-${i}-${process.pid}@example.test`,
      phone: `+1 416 ${String(200 + (i % 700)).padStart(3, '0')} ${String(1000 + i).slice(-4)}`,
      contactPreference: 'email',
      category: 'web_development',
      complexity: 'standard',
      details: 'We need a new booking website with payments.',
    });
    // One address each: the form is rate-limited per IP.
    const post = (i: number, fail: boolean) =>
      app.inject({ method: 'POST', url: '/intake/quote-requests', payload: form(i, fail), headers: { 'x-forwarded-for': `10.7.${i >> 8}.${i & 255}` } });
    const ok = await race('quote_requests', Array.from({ length: 60 }, (_, i) => ({ fail: failing(i), issue: () => post(i, failing(i)) })));
    expect(await committed('quote_requests', 'QR', 2031)).toEqual(series('QR', 2031, ok));
    expect((await post(60, false)).json().number).toBe(series('QR', 2031, ok + 1)[ok]);
  });

  it('INV: 15 quote acceptances at once, every third rolled back after its deposit invoice took a number', async () => {
    const year = new Date().getUTCFullYear();
    const quotes = await prepare(16, async (i) => sentQuote((await customer(failing(i) && i < 15)).id));
    const ok = await race('invoices', quotes.slice(0, 15).map((q, i) => ({ fail: failing(i), issue: () => accept(q) })));
    expect(await committed('invoices', 'INV', year)).toEqual(series('INV', year, ok));
    expect((await accept(quotes[15])).statusCode).toBe(200);
    expect(await committed('invoices', 'INV', year)).toEqual(series('INV', year, ok + 1));
  });

  it('CN: 15 credit notes at once, every third rolled back after taking its number', async () => {
    const year = new Date().getUTCFullYear();
    // Issued deposit invoices, of "Rollback" customers too: the trigger is armed on credit notes only.
    const invoices = await prepare(16, async (i) => {
      const c = await customer(failing(i) && i < 15);
      expect((await accept(await sentQuote(c.id))).statusCode).toBe(200);
      const inv = await prisma.invoice.findFirstOrThrow({ where: { customerId: c.id, kind: 'deposit' } });
      expect((await app.inject({ method: 'POST', url: `/invoices/${inv.id}/issue`, headers: as('operations') })).statusCode).toBe(200);
      return inv.id;
    });
    const credit = (id: string) => app.inject({ method: 'POST', url: `/invoices/${id}/credit-notes`, headers: as('admin'), payload: { amountMinor: 100, reason: 'Goodwill gesture' } });
    const ok = await race('credit_notes', invoices.slice(0, 15).map((id, i) => ({ fail: failing(i), issue: () => credit(id) })));
    expect(await committed('credit_notes', 'CN', year)).toEqual(series('CN', year, ok));
    expect((await credit(invoices[15])).statusCode).toBe(201);
    expect(await committed('credit_notes', 'CN', year)).toEqual(series('CN', year, ok + 1));
  });

  it('TKT: 30 tickets at once, every third rolled back after taking its number', async () => {
    const year = new Date().getUTCFullYear();
    const customers = await prepare(31, (i) => customer(failing(i) && i < 30));
    const open = (customerId: string) => app.inject({ method: 'POST', url: '/tickets', headers: as('operations'), payload: { customerId, subject: 'Site is down', description: 'The booking page shows an error.' } });
    const ok = await race('support_tickets', customers.slice(0, 30).map((c, i) => ({ fail: failing(i), issue: () => open(c.id) })));
    expect(await committed('support_tickets', 'TKT', year)).toEqual(series('TKT', year, ok));
    expect((await open(customers[30].id)).json().number).toBe(series('TKT', year, ok + 1)[ok]);
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { staffAuthHeader } from '@northstar/access/testing';
import type { FakeGoogleCalendar } from '@northstar/calendar';
import { ClickhouseService } from '@northstar/clickhouse';
import { MailService } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { JobProducer, QueueName } from '@northstar/queues';

/**
 * One person with a record in every area of Northstar, built over HTTP the way the
 * website, staff and the customer build it, plus a bystander whose data must survive.
 * Every identifying value is distinctive (a random tag inside), so a search for it
 * anywhere is exact.
 */
export interface Person {
  name: string;
  /** A name word no other text contains: what a "Dear Mr …" would keep. */
  surname: string;
  email: string;
  /** The email of an older record merged into this customer. */
  oldEmail: string;
  phone: string;
  oldPhone: string;
  userId: string;
  anonymousId: string;
  /** Where the customer signed the quote from. */
  ip: string;
  userAgent: string;
}

export function distinctPerson(label: string): Person {
  const tag = randomBytes(4).toString('hex');
  const digits = () => String(1000 + (randomBytes(2).readUInt16BE() % 9000));
  const surname = `${label}${tag}`;
  return {
    name: `Zoë ${surname}`,
    surname,
    email: `zoe.${tag}@${label.toLowerCase()}.test`,
    oldEmail: `old.${tag}@${label.toLowerCase()}.test`,
    phone: `+1416555${digits()}`,
    oldPhone: `+1647555${digits()}`,
    userId: `usr-${tag}-${label.toLowerCase()}`,
    anonymousId: `anon-${tag}-${label.toLowerCase()}`,
    ip: `203.0.113.${1 + (randomBytes(1)[0] % 250)}`,
    userAgent: `ErasableBrowser/${tag}`,
  };
}

/** What identifies the person, as the searches look for it. */
export const identifyingValues = (p: Person) => [p.email, p.oldEmail, p.name, p.surname, p.phone, p.oldPhone, p.userId, p.anonymousId];

export interface CustomerWorld {
  person: Person;
  customerId: string;
  mergedId: string;
  quoteRequestId: string;
  quoteId: string;
  invoiceIds: string[];
  paymentIds: string[];
  projectId: string;
  ticketId: string;
  appointmentId: string;
  feedbackToken: string;
  ruleId: string;
  documentSha: string;
  /** Bytes both the person and the bystander uploaded: one shared file in the store. */
  sharedSha: string;
  bystander: { person: Person; customerId: string };
}

/** Settings the world needs: a fake Google calendar for appointments, a file store, no quote review, a fast pipeline. */
export function worldSettings(google: FakeGoogleCalendar, attachmentsDir: string): Record<string, string> {
  return {
    ATTACHMENTS_DIR: attachmentsDir,
    GOOGLE_API_ROOT: google.rootUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    GOOGLE_CLIENT_ID: 'test-client',
    GOOGLE_CLIENT_SECRET: 'test-secret',
    GOOGLE_REFRESH_TOKEN: 'test-refresh-token',
    APPOINTMENT_CALENDAR_IDS: 'host@team.test',
    QUOTE_REVIEW_THRESHOLD_MINOR: '100000000',
    INTAKE_TEAM_EMAIL: 'team@northstar.test',
    OUTBOX_RELAY_INTERVAL_MS: '50',
    EVENTS_FLUSH_INTERVAL_MS: '50',
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function buildCustomerWorld(app: NestFastifyApplication): Promise<CustomerWorld> {
  const admin = await staffAuthHeader(app, 'admin');
  const admin2 = await staffAuthHeader(app, 'admin');
  const call = (method: string, url: string, payload?: object, headers: Record<string, string> = admin) =>
    app.inject({ method: method as never, url, headers, ...(payload ? { payload } : {}) });
  const ok = async (method: string, url: string, payload?: object, headers?: Record<string, string>) => {
    const res = await call(method, url, payload, headers);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const p = distinctPerson('Vexley');
  const sharedBytes = b64(`Generic floor plan ${randomUUID()}`);

  // The profile: a business customer (own account, the person as its contact), an older record merged in.
  const customer = await ok('POST', '/customers', {
    type: 'business',
    name: p.name,
    email: p.email,
    phone: p.phone,
    preferredContact: 'email',
    channel: 'phone',
    company: `${p.surname} Studio`,
    contacts: [{ name: p.name, email: p.email, phone: p.phone, role: 'Owner', isPrimary: true }],
    address: { line1: `12 ${p.surname} Lane`, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'CA' },
    occupation: 'Architect',
  });
  const customerId: string = customer.id;
  const older = await ok('POST', '/customers', { name: p.name, email: p.oldEmail, phone: p.oldPhone, preferredContact: 'phone', channel: 'walk_in' });
  await ok('POST', '/customers/merge', { fromId: older.id, intoId: customerId, reason: `duplicate of ${p.name}` });
  await ok('PUT', `/customers/${customerId}/preferences`, { marketingOptIn: true, bestTime: 'mornings', notifications: { support: false } });
  await ok('POST', `/customers/${customerId}/notes`, { body: `Met ${p.name} (${p.email}, ${p.phone}) at the fair` });
  const doc = await ok('POST', `/customers/${customerId}/documents`, { filename: `${p.surname}-passport.txt`, mimeType: 'text/plain', contentBase64: b64(`Passport of ${p.name}, ${p.email}, ${p.phone}`) });
  await ok('POST', `/customers/${customerId}/documents`, { filename: 'floor-plan.txt', mimeType: 'text/plain', contentBase64: sharedBytes });

  // Intake: the same person comes back through the website form, with an attachment.
  const form = await ok(
    'POST',
    '/intake/quote-requests',
    {
      name: p.name,
      email: p.email,
      phone: p.phone,
      contactPreference: 'email',
      category: 'web_development',
      complexity: 'standard',
      details: `Hi, I am ${p.name}; call me on ${p.phone}.`,
      timeline: `Before ${p.surname}'s wedding`,
      attachments: [{ filename: `${p.surname}-brief.txt`, mimeType: 'text/plain', contentBase64: b64(`Brief by ${p.name} <${p.email}>`) }],
    },
    { 'x-forwarded-for': p.ip, 'user-agent': p.userAgent },
  );
  const quoteRequest = await ok('GET', `/intake/quote-requests/${form.id}`);
  if (quoteRequest.customerId !== customerId) throw new Error('intake did not recognise the returning customer');

  // Quote: built, sent, viewed and signed by the customer.
  const quote = await ok('POST', '/quotes', {
    customerId,
    quoteRequestId: form.id,
    title: `Studio site for ${p.name}`,
    executiveSummary: `A booking site for ${p.surname} Studio.`,
    scope: `Design and build; contact ${p.email}.`,
    milestones: [
      { name: 'Design', dueDate: '2099-01-15' },
      { name: `Launch for ${p.surname}`, dueDate: '2099-02-15' },
    ],
    lines: [{ kind: 'service', service: 'development', hours: '12.5', complexity: 'standard' }],
    taxLocation: { country: 'CA', region: 'QC' },
  });
  const sent = await ok('POST', `/quotes/${quote.id}/send`);
  const quoteToken = new URL(sent.customerLink).searchParams.get('token')!;
  const customerSide = { 'x-forwarded-for': p.ip, 'user-agent': p.userAgent };
  await ok('GET', `/customer/quotes/${quote.id}?token=${quoteToken}`, undefined, customerSide);
  await ok('POST', `/customer/quotes/${quote.id}/accept?token=${quoteToken}`, { name: p.name, agree: true }, customerSide);

  // Billing: the deposit invoice issued (mailed with its PDF) and paid by e-transfer.
  const [deposit] = await ok('GET', `/invoices?customerId=${customerId}`);
  await ok('POST', `/invoices/${deposit.id}/issue`);
  const pay = async (invoiceId: string, amountMinor: number) => {
    const recorded = await ok('POST', '/payments/manual', { invoiceId, method: 'e_transfer', amountMinor, currency: 'CAD', reference: `Interac from ${p.email} (${p.name})` });
    await ok('POST', `/payments/${recorded.id}/confirm`, undefined, admin2);
    return recorded.id as string;
  };
  const depositPayment = await pay(deposit.id, deposit.totalMinor);

  // The project: work, a change order, a risk, a status update, milestones, sign-off.
  const [project] = await ok('GET', `/projects?customerId=${customerId}`);
  const link = await ok('POST', `/projects/${project.id}/customer-link`);
  const task = await ok('POST', `/projects/${project.id}/tasks`, { title: `Call ${p.name}` });
  await ok('POST', `/projects/${project.id}/time-logs`, { hours: 2, workedOn: '2026-01-05', taskId: task.id, note: `Workshop with ${p.name}` });
  const co = await ok('POST', `/projects/${project.id}/change-orders`, { title: `Extra page for ${p.surname}`, description: `Asked by ${p.email}`, amountMinor: 10_000, hours: 1 });
  await ok('POST', `/projects/${project.id}/change-orders/${co.id}/decision?token=${link.token}`, { approve: true });
  await ok('POST', `/projects/${project.id}/risks`, { severity: 'low', reason: `${p.name} travels in March` });
  await ok('POST', `/projects/${project.id}/status-updates`);
  const full = await ok('GET', `/projects/${project.id}`);
  for (const m of full.milestones) {
    await ok('POST', `/projects/${project.id}/milestones/${m.id}/submit`);
    await ok('POST', `/projects/${project.id}/milestones/${m.id}/approve?token=${link.token}`);
  }
  const signed = await ok('POST', `/projects/${project.id}/sign-off?token=${link.token}`, { name: p.name });
  const finalPayment = await pay(signed.finalInvoice.id, signed.finalInvoice.totalMinor);

  // After-care: a ticket, the survey answered, a referral code.
  const ticket = await ok('POST', '/tickets', { customerId, subject: `${p.name} cannot sign in`, description: `Write to ${p.email} or call ${p.phone}`, priority: 'high' });
  await ok('POST', `/tickets/${ticket.id}/escalate`, { note: `${p.name} is upset` });
  await ok('POST', `/tickets/${ticket.id}/status`, { status: 'resolved', note: `Reset for ${p.email}` });
  const prisma = app.get(PrismaService);
  const survey = await prisma.feedbackRequest.findFirstOrThrow({ where: { customerId }, orderBy: { sentAt: 'asc' } });
  await ok('POST', `/feedback/${survey.token}`, { csat: 5, nps: 3, comment: `${p.name} says: great work` });
  await ok('POST', `/referrals/codes/${customerId}`);

  // An appointment, booked on the (fake) Google calendar.
  const slots = await ok('GET', `/appointments/slots?type=project_kickoff&customerId=${customerId}&timeZone=America/Toronto`);
  const appointment = await ok('POST', '/appointments', { customerId, type: 'project_kickoff', startsAt: slots.slots[40].startsAt, timeZone: 'America/Toronto', notes: `${p.name} prefers video` });

  // Tracking: an anonymous visit, identify (linking it), events by user id and by email.
  const writeKey = (await ok('POST', '/v1/write-keys', { source: 'web' })).key as string;
  const basic = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  await ok(
    'POST',
    '/v1/batch',
    {
      batch: [
        { type: 'page', anonymousId: p.anonymousId, name: 'Pricing', timestamp: at(60), messageId: randomUUID() },
        { type: 'identify', userId: p.userId, anonymousId: p.anonymousId, traits: { email: p.email, name: p.name, phone: p.phone }, timestamp: at(50), messageId: randomUUID() },
        { type: 'track', userId: p.userId, event: 'Booking Started', properties: { plan: 'pro' }, timestamp: at(40), messageId: randomUUID() },
        { type: 'track', userId: p.email, event: 'Newsletter Opened', timestamp: at(30), messageId: randomUUID() },
      ],
    },
    basic,
  );

  // Intelligence: scores, segments, and a rule that tasks, mails and nurtures everyone.
  await waitForPipeline(app, customerId);
  const rule = await ok('POST', '/intelligence/rules', {
    name: 'Everyone',
    trigger: { type: 'health_band', bands: ['green', 'yellow', 'red'] },
    actions: [
      { type: 'task' },
      { type: 'message', channel: 'email', template: 'Hello {{customerName}}, how are things?' },
      { type: 'message', channel: 'sms', template: 'Hi {{customerName}}' },
      { type: 'nurture', sequenceKey: 'welcome', steps: [{ afterHours: 1, channel: 'email', template: 'Hi {{customerName}}' }] },
    ],
  });
  await ok('POST', '/intelligence/jobs/run', { jobs: ['health-recompute-all', 'segments-recompute', 'interventions-evaluate'] });
  const tasks = await prisma.csTask.findMany({ where: { customerId } });
  for (const t of tasks) await ok('POST', `/desk/tasks/${t.id}/resolve`, { resolution: `Spoke to ${p.name} on ${p.phone}`, note: `${p.name} happy` });

  // Redis: a mail still waiting to go out, and rows in the (never consumed) dead-letter queue.
  await app.get(MailService).send({ to: p.email, subject: `For ${p.name}`, text: `Dear ${p.name}` }, { delayMs: 3_600_000, key: `later:${customerId}` });

  // The bystander: registered, sharing the floor-plan file, tracked.
  const b = distinctPerson('Bystander');
  const other = await ok('POST', '/customers', { name: b.name, email: b.email, phone: b.phone, preferredContact: 'email', channel: 'phone' });
  await ok('POST', `/customers/${other.id}/documents`, { filename: 'floor-plan.txt', mimeType: 'text/plain', contentBase64: sharedBytes });
  await ok('POST', '/v1/batch', { batch: [{ type: 'track', userId: b.userId, event: 'Booking Started', timestamp: at(20), messageId: randomUUID() }] }, basic);
  await app.get(JobProducer).add(QueueName.EventsDeadLetter, 'dead-rows', {
    origin: 'segment',
    rows: [deadRow({ anonymous_id: p.anonymousId, traits: JSON.stringify({ email: p.email }) }), deadRow({ user_id: b.userId })],
    error: 'kept for the erase test',
  });
  await waitForPipeline(app, other.id);

  const shaOf = async (docId: string) => (await prisma.customerDocument.findUniqueOrThrow({ where: { id: docId } })).sha256;
  return {
    person: p,
    customerId,
    mergedId: older.id,
    quoteRequestId: form.id,
    quoteId: quote.id,
    invoiceIds: [deposit.id, signed.finalInvoice.id],
    paymentIds: [depositPayment, finalPayment],
    projectId: project.id,
    ticketId: ticket.id,
    appointmentId: appointment.id,
    feedbackToken: survey.token,
    ruleId: rule.id,
    documentSha: await shaOf(doc.id),
    sharedSha: await shaOf((await prisma.customerDocument.findFirstOrThrow({ where: { customerId: other.id } })).id),
    bystander: { person: b, customerId: other.id },
  };
}

function deadRow(over: Record<string, string>) {
  const now = new Date().toISOString().replace('T', ' ').slice(0, 23);
  return {
    event_id: randomUUID(),
    message_id: randomUUID(),
    type: 'track',
    event: 'Dead Letter',
    source: 'web',
    user_id: '',
    anonymous_id: '',
    customer_id: '',
    account_id: '',
    timestamp: now,
    original_timestamp: null,
    sent_at: null,
    received_at: now,
    properties: '{}',
    context: '{}',
    traits: '{}',
    amount_minor: 0,
    currency: '',
    ...over,
  };
}

/** Until the outbox is delivered, the customer's events are in ClickHouse and no mail or events job is waiting. */
export async function waitForPipeline(app: NestFastifyApplication, customerId: string, timeoutMs = 30_000): Promise<void> {
  const prisma = app.get(PrismaService);
  const ch = app.get(ClickhouseService);
  const jobs = app.get(JobProducer);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const undelivered = await prisma.outboxEvent.count({ where: { deliveredAt: null } });
    const [{ n }] = await ch.query<{ n: string }>('SELECT count() AS n FROM events WHERE customer_id = {c:String}', { c: customerId });
    const busy = await Promise.all([QueueName.Events, QueueName.Notifications].map((q) => jobs.queue(q).getJobCounts('waiting', 'active', 'prioritized')));
    if (undelivered === 0 && Number(n) > 0 && busy.every((c) => Object.values(c).every((v) => v === 0))) return;
    await sleep(100);
  }
  throw new Error(`the pipeline did not settle within ${timeoutMs} ms`);
}

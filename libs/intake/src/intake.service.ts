import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma, PrismaService, type QuoteRequest, type RegistrationChannel } from '@northstar/prisma';
import { LifecycleTransaction } from '@northstar/outbox';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError, type FieldProblem } from '@northstar/http';
import { addBusinessMinutes, businessMinutesBetween, zonedParts } from '@northstar/business-hours';
import { nextDocumentNumber } from '@northstar/numbering';
import { CustomerService, contentMatchesType, normalisePhone, storeFile, type RegisterCustomerInput, type StoredFile } from '@northstar/customers';
import { MailService } from '@northstar/mail';
import { INTAKE_OPTIONS, type IntakeOptions } from './intake.options';
import type { ListQuoteRequestsQuery, QuoteRequestInput, RoutingRuleInput } from './intake.schemas';
import { spamReason } from './spam';
import { resolveRoute } from './routing';

export const QUOTE_REQUEST_SCOPE = 'QR';

@Injectable()
export class IntakeService {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly customers: CustomerService,
    private readonly mail: MailService,
    @Inject(INTAKE_OPTIONS) private readonly options: IntakeOptions,
  ) {}

  /** The website form; staff recording a request taken by phone, chat, … (or replayed history) name its channel. */
  async submit(input: QuoteRequestInput, meta: { ip?: string; channel?: RegistrationChannel } = {}) {
    const now = this.options.now();
    const channel = meta.channel ?? 'web_form';
    const spam = spamReason(input, now.getTime());
    if (spam) throw ApiError.badRequest(`Submission rejected (${spam})`, [{ field: spam === 'honeypot' ? 'website' : spam === 'too_fast' ? 'formStartedAt' : 'details', message: 'looks like spam' }]);

    const phone = normalisePhone(input.phone, input.country);
    if (!phone.ok) throw ApiError.validation([{ field: 'phone', message: phone.message }]);
    const files = this.checkAttachments(input);

    const rules = await this.prisma.intakeRoutingRule.findMany();
    const route = resolveRoute(rules, input.category, input.complexity);
    const firstResponseDueAt = addBusinessMinutes(now, this.options.responseBusinessMinutes, this.options.calendar);
    // The number's year is the business's local year (a request at 20:00 on 31 Dec in
    // Toronto is already 1 Jan in UTC but belongs to the old year there).
    const year = zonedParts(now, this.options.calendar.timeZone).year;

    const run = () =>
      this.lifecycle.run(async (tx, emit) => {
        // A returning customer (same email, else same phone) is recognised, never rejected:
        // the public form must not reveal who is registered.
        let customer = await tx.customer.findFirst({ where: { email: input.email, mergedIntoId: null } });
        customer ??= await tx.customer.findFirst({ where: { phone: phone.e164, mergedIntoId: null } });
        if (customer?.deletedAt) customer = null;
        if (!customer) {
          customer = await this.customers.registerInTx(
            tx,
            emit,
            {
              type: input.company ? 'business' : 'individual',
              name: input.name,
              email: input.email,
              phone: input.phone,
              preferredContact: input.contactPreference,
              channel,
              company: input.company,
              address: (input.country ?? phone.country) ? { country: input.country ?? phone.country, line1: undefined, line2: undefined, city: undefined, region: undefined, postalCode: undefined } : undefined,
            } as RegisterCustomerInput,
            { phone: phone.e164 },
            now,
          );
        }
        // The yearly counter row is locked from the moment a number is taken until commit,
        // so it is taken LAST: the request row goes in with a provisional number first.
        const provisional = await tx.quoteRequest.create({
          data: {
            number: `pending:${randomUUID()}`,
            customerId: customer.id,
            category: input.category,
            complexity: input.complexity,
            urgent: input.urgent,
            queue: route.queue,
            ownerId: route.ownerId,
            details: input.details,
            budgetMinMinor: input.budget?.minMinor,
            budgetMaxMinor: input.budget?.maxMinor,
            budgetCurrency: input.budget ? input.budget.currency : undefined,
            timeline: input.timeline,
            contactPreference: input.contactPreference,
            channel,
            sourceIp: meta.ip,
            receivedAt: now,
            firstResponseDueAt,
            attachments: files.length
              ? { create: files.map((f) => ({ filename: f.filename, mimeType: f.mimeType, sizeBytes: f.stored.sizeBytes, sha256: f.stored.sha256, storagePath: f.stored.storagePath })) }
              : undefined,
          },
        });
        const number = await nextDocumentNumber(tx, QUOTE_REQUEST_SCOPE, year);
        const qr = await tx.quoteRequest.update({ where: { id: provisional.id }, data: { number } });
        emit({
          name: LifecycleEvent.InquiryReceived,
          aggregateType: 'quote_request',
          aggregateId: qr.id,
          customerId: customer.id,
          accountId: customer.accountId,
          properties: { quoteRequestId: qr.id, number, category: input.category, urgent: input.urgent, channel, complexity: input.complexity, queue: route.queue },
          occurredAt: now,
        });
        return { qr, customer };
      });

    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run();
    } catch (e) {
      // Two first-time submissions with the same email racing to create the customer: the
      // loser's transaction (and its number) rolled back; the retry finds the customer.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') result = await run();
      else throw e;
    }
    const { qr, customer } = result;
    await this.notify(qr, customer);
    return { id: qr.id, number: qr.number, status: qr.status, urgent: qr.urgent, queue: qr.queue, receivedAt: qr.receivedAt, firstResponseDueAt: qr.firstResponseDueAt };
  }

  private checkAttachments(input: QuoteRequestInput) {
    const problems: FieldProblem[] = [];
    const decoded = input.attachments.map((a, i) => {
      const buf = Buffer.from(a.contentBase64, 'base64');
      if (!contentMatchesType(buf, a.mimeType)) problems.push({ field: `attachments.${i}.contentBase64`, message: `content is not ${a.mimeType}` });
      return { ...a, buf };
    });
    if (problems.length) throw ApiError.validation(problems);
    // Stored only after every file passed: a rejected request leaves nothing behind.
    return decoded.map((a): { filename: string; mimeType: string; stored: StoredFile } => ({ filename: a.filename, mimeType: a.mimeType, stored: storeFile(a.buf) }));
  }

  /** After commit: queued mail (retried by the Notifications worker), keyed so a retry of this call never mails twice. */
  private async notify(qr: QuoteRequest, customer: { name: string; email: string; timeZone: string }) {
    try {
      const due = formatLocal(qr.firstResponseDueAt, customer.timeZone);
      await this.mail.send(
        {
          to: customer.email,
          subject: `We received your request ${qr.number}`,
          text:
            `Hello ${customer.name},\n\nThank you for your request. Your reference number is ${qr.number}.\n` +
            `We will get back to you by ${due} (within 4 business hours).\n\nNorthstar`,
          tags: { kind: 'intake-ack', number: qr.number },
        },
        { key: `intake-ack:${qr.id}` },
      );
      await this.mail.send(
        {
          to: this.options.teamEmail,
          subject: `${qr.urgent ? '[URGENT] ' : ''}New quote request ${qr.number} (${qr.category}, ${qr.complexity}), queue ${qr.queue}`,
          text:
            `${qr.number} from ${customer.name} <${customer.email}>\nQueue: ${qr.queue}${qr.ownerId ? `, owner ${qr.ownerId}` : ''}\n` +
            `Urgent: ${qr.urgent ? 'yes' : 'no'}\nFirst response due: ${qr.firstResponseDueAt.toISOString()}\n\n${qr.details}`,
          tags: { kind: 'intake-alert', number: qr.number },
        },
        { key: `intake-alert:${qr.id}` },
      );
      await this.prisma.quoteRequest.updateMany({ where: { id: qr.id, status: 'new' }, data: { status: 'acknowledged' } });
    } catch (e) {
      // The request is committed; a queue outage must not turn it into an error for the visitor.
      this.logger.error(`could not queue mail for ${qr.number}: ${(e as Error).message}`);
    }
  }

  /** Records breaches of the first-response commitment that are due by `now`; returns how many. */
  async recordBreaches(now = this.options.now()): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE quote_requests SET "breachedAt" = "firstResponseDueAt"
      WHERE "breachedAt" IS NULL AND "firstRespondedAt" IS NULL AND "firstResponseDueAt" < ${now}`;
  }

  async list(q: ListQuoteRequestsQuery) {
    await this.recordBreaches();
    const where: Prisma.QuoteRequestWhereInput = {
      ...(q.breached === true ? { breachedAt: { not: null } } : q.breached === false ? { breachedAt: null } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.customerId ? { customerId: q.customerId } : {}),
    };
    const rows = await this.prisma.quoteRequest.findMany({
      where,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize + 1,
      include: { customer: { select: { id: true, name: true, email: true } } },
    });
    return { items: rows.slice(0, q.pageSize), page: q.page, pageSize: q.pageSize, hasMore: rows.length > q.pageSize };
  }

  async get(id: string) {
    const qr = await this.prisma.quoteRequest.findUnique({
      where: { id },
      include: { attachments: { select: { id: true, filename: true, mimeType: true, sizeBytes: true, sha256: true, createdAt: true } }, customer: true },
    });
    if (!qr) throw ApiError.notFound('Quote request');
    return qr;
  }

  /** The first response by staff: measured in business minutes against the commitment. */
  async recordFirstResponse(id: string, responderId: string | null) {
    const now = this.options.now();
    return this.lifecycle.run(async (tx, emit) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM quote_requests WHERE id = ${id} FOR UPDATE`;
      if (!locked) throw ApiError.notFound('Quote request');
      const qr = (await tx.quoteRequest.findUnique({ where: { id } }))!;
      if (qr.firstRespondedAt) throw ApiError.conflict('already_responded', `${qr.number} already has its first response`, { firstRespondedAt: qr.firstRespondedAt });
      const breached = now.getTime() > qr.firstResponseDueAt.getTime();
      const updated = await tx.quoteRequest.update({
        where: { id },
        data: {
          firstRespondedAt: now,
          firstResponderId: responderId,
          status: qr.status === 'new' || qr.status === 'acknowledged' ? 'responded' : qr.status,
          breachedAt: breached ? (qr.breachedAt ?? qr.firstResponseDueAt) : null,
        },
      });
      const responseMinutes = Math.max(0, Math.round((now.getTime() - qr.receivedAt.getTime()) / 60_000));
      const businessMinutes = businessMinutesBetween(qr.receivedAt, now, this.options.calendar);
      emit({
        name: LifecycleEvent.InquiryResponded,
        aggregateType: 'quote_request',
        aggregateId: id,
        customerId: qr.customerId,
        properties: { quoteRequestId: id, number: qr.number, responseMinutes, businessMinutes, breached },
        occurredAt: now,
      });
      return { ...updated, responseMinutes, businessMinutes, breached };
    });
  }

  routingRules() {
    return this.prisma.intakeRoutingRule.findMany({ orderBy: [{ category: 'asc' }, { complexity: 'asc' }] });
  }

  upsertRoutingRule(r: RoutingRuleInput) {
    return this.prisma.intakeRoutingRule.upsert({
      where: { category_complexity: { category: r.category, complexity: r.complexity } },
      create: { category: r.category, complexity: r.complexity, queue: r.queue, ownerId: r.ownerId ?? null },
      update: { queue: r.queue, ownerId: r.ownerId ?? null },
    });
  }
}

function formatLocal(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}

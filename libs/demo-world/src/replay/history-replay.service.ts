import { Injectable, Logger } from '@nestjs/common';
import { AftercareService } from '@northstar/aftercare';
import { AppointmentService } from '@northstar/appointments';
import { CustomerService, RegisterCustomerSchema } from '@northstar/customers';
import { ApiError } from '@northstar/http';
import { IntakeService, QuoteRequestSchema } from '@northstar/intake';
import { balanceOf, InvoicesService } from '@northstar/invoices';
import { replayAt } from '@northstar/outbox';
import { PaymentsService } from '@northstar/payments';
import { Prisma, PrismaService } from '@northstar/prisma';
import { ProjectsService } from '@northstar/projects';
import { CreateQuoteSchema, QuoteService } from '@northstar/quotes';
import { generateWorld } from '../generate-world';
import type { CustomerPlan, JobPlan, World, WorldOptions } from '../world.types';
import { historySteps, type HistoryStep, type InvoiceKind } from './history-plan';
import { appointmentType, DEMO_TIME_ZONE, quoteInput, quoteLines, registrationInput, REJECTION_REASONS, requestInput, TICKET_PRIORITY } from './replay-inputs';

export type ReplayOutcome = 'replayed' | 'existing' | 'incomplete';

export interface CustomerReplay {
  key: string;
  customerId: string;
  outcome: ReplayOutcome;
  steps: number;
  /** Steps the services refused (the job they belong to stops there), as `kind job: reason`. */
  refused: string[];
}

/** What one job has created so far, for the steps after it. */
interface JobRecords {
  quoteRequestId?: string;
  quoteId?: string;
  appointmentId?: string;
  /** null: the step that would issue it found nothing to bill (a final invoice after a 100 % deposit). */
  invoices: Partial<Record<InvoiceKind, string | null>>;
  projectId?: string;
  tickets: string[];
  /** Set when a step was refused: the job's later steps would act on a state that is not there. */
  stopped?: boolean;
}

interface Replay {
  c: CustomerPlan;
  customerId: string;
  staff: Staff;
  end: Date;
  jobs: JobRecords[];
  queue: HistoryStep[];
  refused: string[];
}

interface Staff {
  /** Author of quotes and work records. */
  ops: string | null;
  /** Peer reviewer of quotes above the review threshold. */
  reviewer: string | null;
}

/** The note that marks a customer whose whole history was replayed: a second load skips them. */
export const replayedNote = (seed: number) => `Demo world: history replayed (seed ${seed}).`;
const OPEN_INVOICE = ['issued', 'partially_paid', 'overdue'] as const;

/**
 * Replays the demo world's history through the domain services, step by step, each
 * step back-dated to when it happened (`replayAt`): every lifecycle event in
 * ClickHouse then comes from the same transaction as its Postgres record, through the
 * outbox, and the records carry the same times as the events. A customer is replayed
 * once: a completed replay leaves `replayedNote`; a customer with some history but no
 * note (an interrupted load) is reported `incomplete` and left as it is.
 */
@Injectable()
export class HistoryReplayService {
  private readonly logger = new Logger('HistoryReplay');
  /** The last world asked for: a load sends its customers in many requests. */
  private cached?: { key: string; world: World };

  private readonly customers: CustomerService;
  private readonly intake: IntakeService;
  private readonly quotes: QuoteService;
  private readonly appointments: AppointmentService;
  private readonly invoices: InvoicesService;
  private readonly payments: PaymentsService;
  private readonly projects: ProjectsService;
  private readonly care: AftercareService;

  constructor(
    private readonly prisma: PrismaService,
    customers: CustomerService,
    intake: IntakeService,
    quotes: QuoteService,
    appointments: AppointmentService,
    invoices: InvoicesService,
    payments: PaymentsService,
    projects: ProjectsService,
    care: AftercareService,
  ) {
    this.customers = retrying(customers);
    this.intake = retrying(intake);
    this.quotes = retrying(quotes);
    this.appointments = retrying(appointments);
    this.invoices = retrying(invoices);
    this.payments = retrying(payments);
    this.projects = retrying(projects);
    this.care = retrying(care);
  }

  /** The world of these options (generated once per distinct options: it is a pure function of them). */
  world(options: WorldOptions): World {
    const key = JSON.stringify(options);
    if (this.cached?.key !== key) this.cached = { key, world: generateWorld(options) };
    return this.cached.world;
  }

  /** Replays these customers of the world, `concurrency` at a time (each one's steps in order). */
  async replay(world: World, keys: string[], skipJobs: ReadonlySet<string>, concurrency = 4): Promise<CustomerReplay[]> {
    const byKey = new Map(world.customers.map((c) => [c.key, c]));
    const plans = keys.map((k) => {
      const c = byKey.get(k);
      if (!c) throw ApiError.validation([{ field: 'keys', message: `no customer ${k} in this world` }]);
      return c;
    });
    const staff = await this.staffUsers();
    const out: CustomerReplay[] = new Array(plans.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < plans.length; i = next++) out[i] = await this.replayCustomer(world, plans[i], byKey, skipJobs, staff);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
    return out;
  }

  private async replayCustomer(world: World, c: CustomerPlan, byKey: Map<string, CustomerPlan>, skipJobs: ReadonlySet<string>, staff: Staff): Promise<CustomerReplay> {
    const note = replayedNote(world.options.seed);
    const existing = await this.prisma.customer.findUnique({ where: { email: c.email }, select: { id: true } });
    if (existing) {
      const done = await this.prisma.customerNote.findFirst({ where: { customerId: existing.id, body: note }, select: { id: true } });
      const started = done ? null : await this.prisma.quoteRequest.findFirst({ where: { customerId: existing.id }, select: { id: true } });
      if (done || started) return { key: c.key, customerId: existing.id, outcome: done ? 'existing' : 'incomplete', steps: 0, refused: [] };
    }
    const customerId = existing?.id ?? (await this.register(c, world.options.currency));
    const r: Replay = { c, customerId, staff, end: world.options.end, jobs: c.jobs.map(() => ({ invoices: {}, tickets: [] })), queue: historySteps(c, world.options.end, skipJobs), refused: [] };
    let steps = 0;
    while (r.queue.length) {
      const step = r.queue.shift()!;
      const job = 'job' in step ? r.jobs[step.job] : undefined;
      if (job?.stopped) continue;
      const what = `${step.kind}${'job' in step ? ` ${c.jobs[step.job].key}` : ''}`;
      try {
        await replayAt(step.at, () => this.perform(r, step, byKey, world.options.currency));
        steps++;
      } catch (e) {
        if (!(e instanceof ApiError)) {
          // Not a refusal but a failure: the customer stays without its note (incomplete), the load goes on.
          this.logger.error(`${c.key}: ${what} failed: ${(e as Error).stack ?? e}`);
          return { key: c.key, customerId, outcome: 'incomplete', steps, refused: [...r.refused, `${what}: failed: ${(e as Error).message.split('\n').slice(-1)[0]}`] };
        }
        r.refused.push(`${what}: ${e.message}`);
        if (job) job.stopped = true;
      }
    }
    await this.scheduleOpenCollections(customerId);
    await this.customers.addNote(customerId, note);
    if (r.refused.length) this.logger.warn(`${c.key}: ${r.refused.length} step(s) refused: ${r.refused.join('; ')}`);
    return { key: c.key, customerId, outcome: 'replayed', steps, refused: r.refused };
  }

  /** Registers the customer at their sign-up (a second registration of the same e-mail finds the first). */
  private async register(c: CustomerPlan, currency: string): Promise<string> {
    try {
      return (await replayAt(c.signupAt, () => this.customers.register(RegisterCustomerSchema.parse(registrationInput(c, currency))))).id;
    } catch (e) {
      const id = e instanceof ApiError ? e.extra.existingCustomerId : undefined;
      if (typeof id === 'string') return id;
      throw e;
    }
  }

  private async idOf(c: CustomerPlan, currency: string): Promise<string> {
    const found = await this.prisma.customer.findUnique({ where: { email: c.email }, select: { id: true } });
    return found?.id ?? this.register(c, currency);
  }

  /** Who did the work: the first active operations user writes, the first management user reviews (none: unattributed). */
  private async staffUsers(): Promise<Staff> {
    const first = (role: 'operations' | 'management') =>
      this.prisma.staffUser.findFirst({ where: { role, active: true }, orderBy: { createdAt: 'asc' }, select: { id: true } }).then((u) => u?.id ?? null);
    return { ops: await first('operations'), reviewer: await first('management') };
  }

  private async perform(r: Replay, step: HistoryStep, byKey: Map<string, CustomerPlan>, currency: string): Promise<void> {
    const { c, customerId, staff } = r;
    const actor = staff.ops ?? 'demo-world';
    if (step.kind === 'referral') {
      const referrer = byKey.get(step.referrerKey);
      if (!referrer) return;
      const code = await this.care.referralCode(await this.idOf(referrer, currency));
      await this.care.attributeReferral(code.code, customerId);
      return;
    }
    const j = c.jobs[step.job];
    const rec = r.jobs[step.job];
    switch (step.kind) {
      case 'request':
        rec.quoteRequestId = (await this.intake.submit(QuoteRequestSchema.parse(requestInput(c, j)), { channel: j.channel })).id;
        return;
      case 'first-response':
        await this.intake.recordFirstResponse(rec.quoteRequestId!, staff.ops);
        return;
      case 'quote':
        rec.quoteId = (await this.quotes.create(CreateQuoteSchema.parse(quoteInput(customerId, rec.quoteRequestId!, c, j)), staff.ops)).id;
        return;
      case 'request-revision':
        await this.quotes.requestRevision(rec.quoteId!, 'Could the price come down a little?');
        return;
      case 'revise':
        rec.quoteId = (await this.quotes.revise(rec.quoteId!, { lines: quoteLines(j, j.quote.versions[step.version].amountMinor) }, staff.ops)).id;
        return;
      case 'send':
        return this.send(rec.quoteId!, staff);
      case 'view':
        await this.quotes.view(rec.quoteId!, { userAgent: 'demo-world replay' });
        return;
      case 'accept':
        await this.quotes.accept(rec.quoteId!, { name: c.name }, {});
        return;
      case 'reject':
        await this.quotes.reject(rec.quoteId!, REJECTION_REASONS[j.quote.rejectReason ?? ''] ?? 'Not for us at the moment.');
        return;
      case 'expire':
        if (!(await this.quotes.expire(rec.quoteId!))) throw ApiError.conflict('not_expired', 'the quote was no longer open');
        return;
      case 'book':
        rec.appointmentId = (
          await this.appointments.book({ customerId, quoteId: rec.quoteId, type: appointmentType(j), startsAt: step.startsAt, timeZone: DEMO_TIME_ZONE }, staff.ops)
        ).id;
        return;
      case 'reschedule':
        await this.appointments.reschedule(rec.appointmentId!, step.startsAt);
        return;
      case 'cancel-appointment':
        await this.appointments.cancel(rec.appointmentId!, 'The customer called off the visit.');
        return;
      case 'appointment-outcome':
        await this.appointments.recordOutcome(rec.appointmentId!, step.outcome);
        return;
      case 'issue-deposit': {
        const draft = await this.prisma.invoice.findFirst({ where: { quoteId: rec.quoteId, kind: 'deposit' }, select: { id: true } });
        if (!draft) throw ApiError.conflict('no_deposit', 'the accepted quote has no deposit invoice');
        rec.invoices.deposit = (await this.invoices.issue(draft.id)).id;
        return this.queueCollections(r, step.job, 'deposit', step.at);
      }
      case 'payment':
        return this.pay(rec, j, step.invoice, step.failed);
      case 'collections':
        await this.invoices.runCollectionsStep(step.reminderId);
        return;
      case 'change-order': {
        const co = j.project!.changeOrders[step.index];
        const projectId = await this.project(rec);
        const proposed = await this.projects.proposeChangeOrder(projectId, { title: `Additional work ${step.index + 1}`, amountMinor: co.amountMinor, hoursHundredths: Math.round(co.amountMinor / 150) }, staff.ops);
        await this.projects.decideChangeOrder(projectId, proposed.id, true);
        return;
      }
      case 'time-log':
        await this.projects.logTime(await this.project(rec), actor, { hundredths: step.hundredths, billable: true, workedOn: step.at.toISOString().slice(0, 10) });
        return;
      case 'milestone': {
        const projectId = await this.project(rec);
        const m = await this.prisma.milestone.findFirst({ where: { projectId, position: step.position }, select: { id: true } });
        if (!m) throw ApiError.conflict('no_milestone', `the project has no milestone ${step.position}`);
        await this.projects.submitMilestone(projectId, m.id);
        await this.projects.approveMilestone(projectId, m.id, c.name);
        return;
      }
      case 'sign-off': {
        const done = await this.projects.signOff(await this.project(rec), c.name);
        rec.invoices.final = done.finalInvoice?.id ?? null;
        if (done.finalInvoice) await this.queueCollections(r, step.job, 'final', step.at);
        return;
      }
      case 'ticket-open': {
        const t = j.tickets[step.ticket];
        const opened = await this.care.openTicket(
          { customerId, projectId: await this.project(rec), subject: `Support request ${step.ticket + 1}: ${j.category.replace(/_/g, ' ')}`, description: 'Reported by the customer.', priority: TICKET_PRIORITY[t.priority], tier: 1 },
          actor,
        );
        rec.tickets[step.ticket] = opened.id;
        return;
      }
      case 'ticket-escalate':
        await this.care.escalate(rec.tickets[step.ticket], 'The customer asked for a senior engineer.', actor);
        return;
      case 'ticket-resolve':
        await this.care.changeStatus(rec.tickets[step.ticket], 'resolved', 'Fixed and confirmed with the customer.', actor);
        return;
      case 'feedback': {
        const survey = await this.prisma.feedbackRequest.findFirst({ where: { projectId: await this.project(rec), trigger: 'project_completed' }, select: { token: true } });
        if (!survey) throw ApiError.conflict('no_survey', 'the completed project has no survey');
        await this.care.submitFeedback(survey.token, { csat: j.csat?.score, nps: j.nps?.score });
        return;
      }
    }
  }

  /** Sends the current version, through peer review first when its total needs it. */
  private async send(quoteId: string, staff: Staff) {
    const q = await this.quotes.get(quoteId);
    if (!this.quotes.allowed(q).includes('send')) {
      await this.quotes.submitForReview(quoteId, staff.ops);
      await this.quotes.approve(quoteId, staff.reviewer);
    }
    await this.quotes.send(quoteId, staff.ops);
  }

  /** A payment attempt for the invoice's whole balance (late fees included); a failed card attempt applies nothing. */
  private async pay(rec: JobRecords, j: JobPlan, kind: InvoiceKind, failed: boolean) {
    const invoiceId = rec.invoices[kind];
    if (invoiceId === null) return;
    if (!invoiceId) throw ApiError.conflict('no_invoice', `no ${kind} invoice was issued`);
    const inv = await this.invoices.get(invoiceId);
    const plan = kind === 'deposit' ? j.deposit! : j.final!;
    await this.payments.recordImported({
      invoiceId,
      method: plan.method,
      amountMinor: balanceOf(inv),
      currency: inv.currency,
      reference: `${j.key} ${kind}`,
      failureReason: failed ? 'card_declined' : undefined,
    });
  }

  private async project(rec: JobRecords): Promise<string> {
    if (rec.projectId) return rec.projectId;
    const p = await this.prisma.project.findUnique({ where: { quoteId: rec.quoteId }, select: { id: true } });
    if (!p) throw ApiError.conflict('no_project', 'the accepted quote has no project');
    return (rec.projectId = p.id);
  }

  /**
   * The collections steps of an invoice just issued that came due before it was paid
   * (or before the end of the span): the replay runs them at their time, as the
   * reminder jobs would have, so late invoices turn overdue and accrue fees.
   */
  private async queueCollections(r: Replay, job: number, kind: InvoiceKind, issuedAt: Date) {
    const plan = kind === 'deposit' ? r.c.jobs[job].deposit : r.c.jobs[job].final;
    const until = Math.min(plan?.paidAt?.getTime() ?? Infinity, r.end.getTime());
    const reminders = await this.prisma.invoiceReminder.findMany({ where: { invoiceId: r.jobs[job].invoices[kind]! }, orderBy: { scheduledAt: 'asc' } });
    for (const rem of reminders) {
      const at = rem.scheduledAt.getTime();
      if (at > issuedAt.getTime() && at < until) insertByTime(r.queue, { at: rem.scheduledAt, kind: 'collections', job, reminderId: rem.id });
    }
  }

  /** Invoices still open today get their remaining collections steps on the real clock, as live ones do. */
  private async scheduleOpenCollections(customerId: string) {
    const open = await this.prisma.invoice.findMany({ where: { customerId, status: { in: [...OPEN_INVOICE] } } });
    for (const inv of open) await this.invoices.scheduleCollections(inv);
  }
}

/** Transaction expired (slow machine), serialization failure or deadlock, pool exhausted: the call committed nothing. */
const TRANSIENT = new Set(['P2028', 'P2034', 'P2024']);
const ATTEMPTS = 4;

const isTransient = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && TRANSIENT.has(e.code);

/**
 * The service as the replay calls it: a method call whose transaction was rolled back
 * for a passing reason is made again (it committed nothing, so nothing happens twice).
 * A busy machine otherwise turns one slow transaction into a customer left half loaded.
 */
function retrying<T extends object>(service: T): T {
  return new Proxy(service, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key, target);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const call = () => member.apply(target, args) as unknown;
        const first = call();
        if (!(first instanceof Promise)) return first;
        return first.catch(async (e: unknown) => {
          for (let attempt = 2; ; attempt++) {
            if (!isTransient(e) || attempt > ATTEMPTS) throw e;
            await new Promise((r) => setTimeout(r, 250 * attempt));
            try {
              return await call();
            } catch (again) {
              e = again;
            }
          }
        });
      };
    },
  });
}

/** Inserts a step after every step at or before its time (steps at the same time keep their order). */
function insertByTime(queue: HistoryStep[], step: HistoryStep) {
  let i = queue.length;
  while (i > 0 && queue[i - 1].at.getTime() > step.at.getTime()) i--;
  queue.splice(i, 0, step);
}

import { PrismaService } from '@northstar/prisma';
import { QueueJob, QueueName, type PendingJob, type QueueJobHandler } from '@northstar/queues';
import { collectionsStepJob } from './collections-jobs';
import { InvoicesService } from './invoices.service';

export interface InvoiceReminderPayload {
  /** The invoice_reminders row this job runs. */
  reminderId: string;
  /** Which invoice and step, for whoever inspects the queue. */
  invoiceId: string;
  step: string;
}

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** One collections step of an issued invoice (job id per invoice and step). */
    'invoice-reminder': { queue: QueueName.Reminders; payload: InvoiceReminderPayload };
  }
}

/** Runs a due collections step; the step itself decides whether there is anything left to collect. */
@QueueJob('invoice-reminder', QueueName.Reminders)
export class InvoiceReminderJob implements QueueJobHandler<'invoice-reminder'> {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly prisma: PrismaService,
  ) {}

  handle(payload: InvoiceReminderPayload) {
    return this.invoices.runCollectionsStep(payload.reminderId);
  }

  /** Steps neither sent nor skipped, of invoices with money still to collect (a step of a settled invoice would only skip). */
  async pendingJobs(): Promise<PendingJob<'invoice-reminder'>[]> {
    const rows = await this.prisma.invoiceReminder.findMany({
      where: { sentAt: null, skippedAt: null, invoice: { status: { in: ['issued', 'partially_paid', 'overdue'] } } },
      select: { id: true, invoiceId: true, step: true, scheduledAt: true },
    });
    return rows.map(collectionsStepJob);
  }
}

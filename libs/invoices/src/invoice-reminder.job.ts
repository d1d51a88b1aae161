import { QueueJob, QueueName, type QueueJobHandler } from '@northstar/queues';
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
  constructor(private readonly invoices: InvoicesService) {}

  handle(payload: InvoiceReminderPayload) {
    return this.invoices.runCollectionsStep(payload.reminderId);
  }
}

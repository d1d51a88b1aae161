import type { InvoiceReminder } from '@northstar/prisma';
import type { PendingJob } from '@northstar/queues';

/** The queue job of one collections step: one id per invoice and step, so planning a step twice adds it once. */
export function collectionsStepJob(row: Pick<InvoiceReminder, 'id' | 'invoiceId' | 'step' | 'scheduledAt'>): PendingJob<'invoice-reminder'> {
  return { jobId: `invoice-reminder:${row.invoiceId}:${row.step}`, payload: { reminderId: row.id, invoiceId: row.invoiceId, step: row.step }, runAt: row.scheduledAt };
}

import { QueueJob, QueueName, type NoPayload, type QueueJobHandler } from '@northstar/queues';
import { AftercareService } from './aftercare.service';

export const LOYALTY_MAINTENANCE_PATTERN = '15 3 * * *';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Expires loyalty points past their date and awards anniversaries, daily. */
    'loyalty-maintenance': { queue: QueueName.Reminders; payload: NoPayload };
  }
}

/** Daily loyalty upkeep; one schedule however many instances run. */
@QueueJob('loyalty-maintenance', QueueName.Reminders)
export class LoyaltyMaintenanceJob implements QueueJobHandler<'loyalty-maintenance'> {
  constructor(private readonly care: AftercareService) {}

  schedule() {
    return { pattern: LOYALTY_MAINTENANCE_PATTERN, payload: {} };
  }

  async handle() {
    return { ...(await this.care.expirePoints()), ...(await this.care.awardAnniversaries()) };
  }
}

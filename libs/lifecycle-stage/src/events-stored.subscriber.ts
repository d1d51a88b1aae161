import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LifecycleEvent, type EventRow } from '@northstar/contracts';
import { EventsStoredHooks } from '@northstar/events-writer';
import { JobProducer, QueueName } from '@northstar/queues';

/** Customers with a new record behind these rows; the stage events this lib emits are left out so a change does not ask for itself again. */
export function customersWithNewRecords(rows: readonly EventRow[]): string[] {
  return [...new Set(rows.filter((r) => r.type === 'lifecycle' && r.customer_id && r.event !== LifecycleEvent.CustomerStageChanged).map((r) => r.customer_id))];
}

/** Best effort: a lost job is caught up by the hourly `lifecycle-stage-refresh-all`. */
@Injectable()
export class LifecycleStageEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly hooks: EventsStoredHooks,
    private readonly jobs: JobProducer,
  ) {}

  onModuleInit(): void {
    this.hooks.onEventsStored('lifecycle-stage-refresh', async (rows) => {
      const customerIds = customersWithNewRecords(rows);
      if (customerIds.length) await this.jobs.add(QueueName.Analytics, 'lifecycle-stage-refresh', { customerIds });
    });
  }
}

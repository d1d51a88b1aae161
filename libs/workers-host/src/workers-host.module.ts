import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { loadConfig } from '@northstar/config';
import { QueuesModule, consumedQueues, QueueName } from '@northstar/queues';
import { HeartbeatProcessor } from './heartbeat.processor';
import { RemindersProcessor } from './reminders.processor';
import { EventsWriterProcessor } from '@northstar/events-writer';
import { OutboxRelayProcessor } from '@northstar/outbox';
import { NotificationsProcessor } from '@northstar/mail';
import { IntelligenceAnalyticsProcessor, InterventionsProcessor } from '@northstar/interventions';

/**
 * Every queue consumer of the platform, keyed by the queue it consumes. The same
 * module runs in the workers app and, all-in-one, inside the API process (the
 * embedded ClickHouse folder can be held by one process only). WORKER_QUEUES
 * picks a subset so roles can be split across deployments.
 */
export const PROCESSORS: { queue: QueueName; processor: Type }[] = [{ queue: QueueName.System, processor: HeartbeatProcessor },
  { queue: QueueName.Events, processor: EventsWriterProcessor },
  { queue: QueueName.Outbox, processor: OutboxRelayProcessor },
  { queue: QueueName.Reminders, processor: RemindersProcessor },
  { queue: QueueName.Notifications, processor: NotificationsProcessor },
  { queue: QueueName.Analytics, processor: IntelligenceAnalyticsProcessor },
  { queue: QueueName.Interventions, processor: InterventionsProcessor }];

@Module({})
export class WorkersHostModule {
  static forRoot(extra: { imports?: DynamicModule['imports']; providers?: Provider[] } = {}): DynamicModule {
    const queues = consumedQueues(loadConfig().WORKER_QUEUES);
    const processors = PROCESSORS.filter((p) => queues.includes(p.queue)).map((p) => p.processor);
    return {
      module: WorkersHostModule,
      imports: [QueuesModule.forRoot(), ...(extra.imports ?? [])],
      providers: [...processors, ...(extra.providers ?? [])],
    };
  }
}

import { Inject, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { ClickhouseService } from '@northstar/clickhouse';
import { HEALTH_DRAIN_JOB, takePendingHealthRecompute } from '@northstar/health';
import { LifecycleTransaction } from '@northstar/outbox';
import { PrismaService } from '@northstar/prisma';
import { analyticsHandler, QUEUE_CONFIG, QueueName } from '@northstar/queues';
import { createIntelligenceServices, type IntelligenceServices } from './intelligence.factory';
import { INTERVENTION_MESSENGER, type InterventionMessenger } from './messenger';

/** Schedules declared in code; `intel:` schedulers not listed here are removed at start-up. */
export const ANALYTICS_SCHEDULES: { id: string; type: string; every: number }[] = [
  { id: 'intel:health-recompute-all', type: 'health-recompute-all', every: 60 * 60_000 },
  { id: 'intel:churn-score', type: 'churn-score', every: 6 * 60 * 60_000 },
  { id: 'intel:churn-train', type: 'churn-train', every: 7 * 24 * 60 * 60_000 },
  { id: 'intel:segments-recompute', type: 'segments-recompute', every: 6 * 60 * 60_000 },
];
export const INTERVENTION_SCHEDULES: { id: string; type: string; every: number }[] = [
  { id: 'intel:interventions-evaluate', type: 'interventions-evaluate', every: 15 * 60_000 },
  { id: 'intel:nurture-tick', type: 'nurture-tick', every: 5 * 60_000 },
  { id: 'intel:outcomes-tick', type: 'outcomes-tick', every: 24 * 60 * 60_000 },
];

async function declareSchedules(queue: Queue, schedules: { id: string; type: string; every: number }[]) {
  for (const s of schedules) await queue.upsertJobScheduler(s.id, { every: s.every }, { name: s.type, data: { type: s.type, payload: {} } });
  for (const existing of await queue.getJobSchedulers()) {
    const id = existing.key ?? (existing as { id?: string }).id;
    if (id?.startsWith('intel:') && !schedules.some((s) => s.id === id)) await queue.removeJobScheduler(id);
  }
}

/**
 * The one processor of the Analytics queue (two @Processor classes on a queue would
 * each take any job): health, churn and segment jobs by type.
 */
@Processor(QueueName.Analytics, { concurrency: QUEUE_CONFIG[QueueName.Analytics].concurrency })
export class IntelligenceAnalyticsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger('IntelligenceAnalytics');
  readonly services: IntelligenceServices;

  constructor(
    clickhouse: ClickhouseService,
    prisma: PrismaService,
    @InjectQueue(QueueName.Analytics) private readonly queue: Queue,
    @Optional() lifecycle?: LifecycleTransaction,
  ) {
    super();
    this.services = createIntelligenceServices({ clickhouse, prisma, lifecycle });
  }

  async onModuleInit() {
    if (process.env.NODE_ENV !== 'test') await declareSchedules(this.queue, ANALYTICS_SCHEDULES);
  }

  async process(job: Job<{ type: string; payload: Record<string, unknown> }>) {
    const { health, churn, segments } = this.services;
    switch (job.data.type) {
      case 'ping':
        return { pong: true };
      case 'health-recompute-all':
        return health.recompute();
      case HEALTH_DRAIN_JOB: {
        const ids = await takePendingHealthRecompute(this.queue);
        return ids.length ? health.recompute({ customerIds: ids }) : { customers: 0 };
      }
      case 'churn-train':
        return churn.train().then((m) => ({ version: m.version, auc: m.auc }));
      case 'churn-score':
        return churn.score();
      case 'segments-recompute':
        return segments.recompute();
      default: {
        // Job types other concerns registered (libs/queues analytics-handlers), e.g. KPI snapshots.
        const handler = analyticsHandler(job.data.type);
        if (handler) return handler(job.data.payload, { id: job.id, name: job.name });
        this.logger.warn(`unknown analytics job type ${job.data.type}`);
        throw new Error(`unknown analytics job type ${job.data.type}`);
      }
    }
  }
}

@Processor(QueueName.Interventions, { concurrency: QUEUE_CONFIG[QueueName.Interventions].concurrency })
export class InterventionsProcessor extends WorkerHost implements OnModuleInit {
  readonly services: IntelligenceServices;

  constructor(
    clickhouse: ClickhouseService,
    prisma: PrismaService,
    @InjectQueue(QueueName.Interventions) private readonly queue: Queue,
    @Optional() lifecycle?: LifecycleTransaction,
    @Optional() @Inject(INTERVENTION_MESSENGER) messenger?: InterventionMessenger,
  ) {
    super();
    this.services = createIntelligenceServices({ clickhouse, prisma, lifecycle, messenger });
  }

  async onModuleInit() {
    if (process.env.NODE_ENV !== 'test') await declareSchedules(this.queue, INTERVENTION_SCHEDULES);
  }

  async process(job: Job<{ type: string; payload: Record<string, unknown> }>) {
    const { engine, desk } = this.services;
    switch (job.data.type) {
      case 'ping':
        return { pong: true };
      case 'interventions-evaluate':
        return engine.evaluate();
      case 'nurture-tick': {
        const woke = await desk.wakeSnoozed();
        return { ...(await engine.nurtureTick()), wokeTasks: woke };
      }
      case 'outcomes-tick':
        return engine.outcomesTick();
      default:
        throw new Error(`unknown interventions job type ${job.data.type}`);
    }
  }
}

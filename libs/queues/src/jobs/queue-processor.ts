import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Type } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { QUEUE_CONFIG, QueueName } from '../queue-registry';
import type { PingPayload } from './job-definitions';
import { QueueJobsRegistry } from './queue-jobs.registry';

/** A queue's processor, as tests and tooling may drive it. */
export interface QueueProcessorHost extends WorkerHost {
  /** Upserts the schedules its queue's jobs declare and removes the schedulers none declares. */
  declareSchedules(): Promise<void>;
}

const processors = new Map<QueueName, Type<QueueProcessorHost>>();

/**
 * The consumer of one queue (two BullMQ processors on a queue would each take any
 * job, so there is exactly one): dispatches each job by name to its `@QueueJob`
 * class, answers `ping`, declares the schedules of its queue's jobs and removes the
 * schedulers no job declares any more (so a renamed or deleted job stops running).
 * One class per queue, so `app.get(queueProcessor(q))` finds the running instance.
 */
export function queueProcessor(queue: QueueName): Type<QueueProcessorHost> {
  let processor = processors.get(queue);
  if (!processor) processors.set(queue, (processor = defineQueueProcessor(queue)));
  return processor;
}

function defineQueueProcessor(queue: QueueName): Type<QueueProcessorHost> {
  @Processor(queue, { concurrency: QUEUE_CONFIG[queue].concurrency })
  class QueueProcessor extends WorkerHost implements QueueProcessorHost, OnApplicationBootstrap, OnModuleDestroy {
    private readonly logger = new Logger(`Queue:${queue}`);

    constructor(
      @Inject(QueueJobsRegistry) private readonly jobs: QueueJobsRegistry,
      @InjectQueue(queue) private readonly producer: Queue,
    ) {
      super();
    }

    async process(job: Job): Promise<unknown> {
      if (job.name === 'ping') return { pong: (job.data as PingPayload).nonce, receivedAt: new Date().toISOString(), pid: process.pid };
      const handler = this.jobs.handler(queue, job.name);
      if (!handler) throw new Error(`queue '${queue}': no job named '${job.name}'`);
      return handler.handle(job.data, job);
    }

    async onApplicationBootstrap(): Promise<void> {
      for (const [, handler] of this.jobs.handlers(queue)) handler.onWorkerStarted?.();
      // Tests drive jobs themselves; a schedule firing mid-test would race their assertions.
      if (process.env.NODE_ENV !== 'test') await this.declareSchedules();
    }

    async declareSchedules(): Promise<void> {
      const declared = new Set<string>();
      for (const [name, handler] of this.jobs.handlers(queue)) {
        const s = handler.schedule?.();
        if (!s) continue;
        const { payload, ...repeat } = s;
        await this.producer.upsertJobScheduler(name, repeat, { name, data: payload });
        declared.add(name);
      }
      for (const existing of await this.producer.getJobSchedulers()) {
        const id = existing.key ?? (existing as { id?: string }).id;
        if (id && !declared.has(id)) {
          this.logger.log(`removing scheduler '${id}': no job declares it`);
          await this.producer.removeJobScheduler(id);
        }
      }
    }

    /**
     * Close the worker here, not at application shutdown (where @nestjs/bullmq would):
     * jobs in flight must finish while Postgres and ClickHouse are still open.
     */
    async onModuleDestroy(): Promise<void> {
      for (const [, handler] of this.jobs.handlers(queue)) await handler.onWorkerClosing?.();
      try {
        await this.worker.close();
      } catch {
        /* the worker never started */
      }
    }
  }
  Object.defineProperty(QueueProcessor, 'name', { value: `${queue.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}QueueProcessor` });
  return QueueProcessor;
}

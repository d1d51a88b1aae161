import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, JobsOptions, Queue } from 'bullmq';
import type { QueueName } from '../queue-registry';
import type { JobPayload, JobsOn } from './job-definitions';

/**
 * Enqueues jobs with their declared payloads: `add(QueueName.Reminders,
 * 'invoice-reminder', { reminderId })` compiles only if that job runs on that queue
 * and the payload matches its definition.
 */
@Injectable()
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  add<Q extends QueueName, N extends JobsOn<Q>>(queue: Q, name: N, payload: JobPayload<N>, opts?: JobsOptions): Promise<Job> {
    return this.queue(queue).add(name, payload, opts);
  }

  addBulk<Q extends QueueName, N extends JobsOn<Q>>(queue: Q, jobs: { name: N; data: JobPayload<N>; opts?: JobsOptions }[]): Promise<Job[]> {
    return this.queue(queue).addBulk(jobs);
  }

  /** The BullMQ queue itself, for what is not enqueueing (removing a delayed job, counts). */
  queue(queue: QueueName): Queue {
    let q = this.queues.get(queue);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(queue), { strict: false });
      this.queues.set(queue, q);
    }
    return q;
  }
}

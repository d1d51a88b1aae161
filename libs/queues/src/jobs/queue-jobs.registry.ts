import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { QueueName } from '../queue-registry';
import type { JobName } from './job-definitions';
import { queueJobMetadata, type QueueJobHandler } from './queue-job.decorator';

type AnyHandler = QueueJobHandler<JobName>;

/**
 * Every `@QueueJob` class of the running application, found among Nest's providers
 * (the way Twenty's message-queue explorer finds `@Process` methods): queue → job
 * name → instance. Built once at module init; a name claimed twice stops start-up.
 */
@Injectable()
export class QueueJobsRegistry implements OnModuleInit {
  private readonly byQueue = new Map<QueueName, Map<string, AnyHandler>>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      const meta = queueJobMetadata(wrapper.metatype);
      // A provider exported through several modules is listed once per module.
      if (!meta || !wrapper.instance || seen.has(wrapper.instance)) continue;
      seen.add(wrapper.instance);
      const jobs = this.byQueue.get(meta.queue) ?? new Map<string, AnyHandler>();
      if (jobs.has(meta.name)) throw new Error(`job '${meta.name}' on queue '${meta.queue}' has two handlers`);
      jobs.set(meta.name, wrapper.instance as AnyHandler);
      this.byQueue.set(meta.queue, jobs);
    }
  }

  handler(queue: QueueName, name: string): AnyHandler | undefined {
    return this.byQueue.get(queue)?.get(name);
  }

  handlers(queue: QueueName): [string, AnyHandler][] {
    return [...(this.byQueue.get(queue) ?? new Map<string, AnyHandler>())];
  }
}

import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { loadConfig } from '@northstar/config';
import { JOB_RECONCILER_PROVIDERS } from '@northstar/job-reconciler';
import { QueueJobsRegistry, QueuesModule, consumedQueues, queueProcessor } from '@northstar/queues';

/**
 * The platform's queue consumers: one processor per consumed queue, dispatching to
 * the `@QueueJob` classes the feature modules provide. The same module runs in the
 * workers app and, all-in-one, inside the API process (the embedded ClickHouse
 * folder can be held by one process only). WORKER_QUEUES picks a subset so roles
 * can be split across deployments. Each such process also runs the job reconciler,
 * which rebuilds from Postgres the schedules and reminders a Redis loss took away.
 */
@Module({})
export class WorkersHostModule {
  static forRoot(extra: { imports?: DynamicModule['imports']; providers?: Provider[] } = {}): DynamicModule {
    const queues = consumedQueues(loadConfig().WORKER_QUEUES);
    return {
      module: WorkersHostModule,
      imports: [DiscoveryModule, QueuesModule.forRoot(), ...(extra.imports ?? [])],
      providers: [QueueJobsRegistry, ...queues.map(queueProcessor), ...JOB_RECONCILER_PROVIDERS, ...(extra.providers ?? [])],
    };
  }
}

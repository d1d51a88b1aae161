import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { loadConfig } from '@northstar/config';
import { QueueName, defaultJobOptions } from './queue-registry';
import { redisConnectionOptions } from './redis-connection';
import { JobProducer } from './jobs/job-producer';

/**
 * Registers every queue of the registry and the typed `JobProducer`. Consumers are
 * the `@QueueJob` classes in each concern's lib, dispatched by the workers host.
 */
@Module({})
export class QueuesModule {
  static forRoot(): DynamicModule {
    const config = loadConfig();
    const queues = Object.values(QueueName).map((name) =>
      BullModule.registerQueue({ name, defaultJobOptions: defaultJobOptions(name) }),
    );
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRoot({ connection: redisConnectionOptions(config.REDIS_URL), prefix: config.QUEUE_PREFIX }),
        ...queues,
      ],
      providers: [JobProducer],
      exports: [...queues, JobProducer],
    };
  }
}

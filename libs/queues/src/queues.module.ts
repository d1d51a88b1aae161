import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { loadConfig } from '@northstar/config';
import { QueueName, defaultJobOptions } from './queue-registry';
import { redisConnectionOptions } from './redis-connection';

/**
 * Registers every queue of the registry (producers). Consumers are the
 * @Processor classes in each concern's lib, assembled by the workers host.
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
      exports: queues,
    };
  }
}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@northstar/config';

/**
 * The access lib's Redis connection (rate-limit windows, login failure counters).
 * Keys live under the deployment's QUEUE_PREFIX so test runs and deployments that
 * share one Redis never see each other's counters.
 */
@Injectable()
export class AccessRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, {
      keyPrefix: `${config.QUEUE_PREFIX}:access:`,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    // Errors surface on the commands that need Redis; an unhandled 'error' event would crash the process.
    this.client.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

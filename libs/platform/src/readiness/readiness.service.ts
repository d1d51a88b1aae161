import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { withTimeout } from '@northstar/async';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { PrismaService } from '@northstar/prisma';
import { ClickhouseService } from '@northstar/clickhouse';

export interface DependencyStatus {
  name: 'postgres' | 'redis' | 'clickhouse';
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const TIMEOUT_MS = 1500;

@Injectable()
export class ReadinessService implements OnApplicationShutdown {
  /**
   * Its own Redis connection: the BullMQ connections queue commands while Redis is
   * down (so jobs survive a blip), which would make a probe hang instead of fail.
   */
  private readonly redis: Redis;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clickhouse: ClickhouseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    this.redis.on('error', () => undefined); // reported through checkAll()
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }

  private async check(name: DependencyStatus['name'], probe: () => Promise<unknown>): Promise<DependencyStatus> {
    const start = performance.now();
    try {
      await withTimeout(probe(), TIMEOUT_MS, `${name} did not answer within ${TIMEOUT_MS} ms`);
      return { name, ok: true, latencyMs: Math.round(performance.now() - start) };
    } catch (e) {
      return { name, ok: false, latencyMs: Math.round(performance.now() - start), error: (e as Error).message };
    }
  }

  checkAll(): Promise<DependencyStatus[]> {
    return Promise.all([
      this.check('postgres', () => this.prisma.$queryRaw`SELECT 1`),
      this.check('redis', async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        await this.redis.ping();
      }),
      this.check('clickhouse', async () => {
        if (!(await this.clickhouse.ping())) throw new Error('ping failed');
      }),
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PrismaService } from '@northstar/prisma';
import { ClickhouseService } from '@northstar/clickhouse';
import { QueueName } from '@northstar/queues';

export interface DependencyStatus {
  name: 'postgres' | 'redis' | 'clickhouse';
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const TIMEOUT_MS = 1500;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class ReadinessService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clickhouse: ClickhouseService,
    @InjectQueue(QueueName.System) private readonly systemQueue: Queue,
  ) {}

  private async check(name: DependencyStatus['name'], probe: () => Promise<unknown>): Promise<DependencyStatus> {
    const start = performance.now();
    try {
      await withTimeout(probe(), name);
      return { name, ok: true, latencyMs: Math.round(performance.now() - start) };
    } catch (e) {
      return { name, ok: false, latencyMs: Math.round(performance.now() - start), error: (e as Error).message };
    }
  }

  checkAll(): Promise<DependencyStatus[]> {
    return Promise.all([
      this.check('postgres', () => this.prisma.$queryRaw`SELECT 1`),
      this.check('redis', async () => {
        const client = await this.systemQueue.client;
        // The shared connection queues commands while Redis is down; a status check answers at once.
        if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
        await client.ping();
      }),
      this.check('clickhouse', async () => {
        if (!(await this.clickhouse.ping())) throw new Error('ping failed');
      }),
    ]);
  }
}

import { Module, type INestApplicationContext, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@northstar/config';
import { ClickhouseModule, ClickhouseService } from '@northstar/clickhouse';
import { PrismaModule } from '@northstar/prisma';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';

export interface IntelligenceTestContext {
  env: TestEnvironment;
  app: INestApplicationContext;
  clickhouse: ClickhouseService;
  close(): Promise<void>;
}

/**
 * A Nest application context on a fresh test environment (own Postgres db,
 * ClickHouse db, queue prefix) with the ClickHouse migrations applied. Give the
 * metadata as a function when it holds modules that read the configuration when
 * they are built (`QueuesModule.forRoot()`): it is called once the environment exists.
 */
export async function createIntelligenceTestContext(
  metadata: ModuleMetadata | (() => ModuleMetadata) = {},
  overrides: Record<string, string> = {},
): Promise<IntelligenceTestContext> {
  const env = await createTestEnvironment(overrides);
  const meta = typeof metadata === 'function' ? metadata() : metadata;
  @Module({ ...meta, imports: [ConfigModule, PrismaModule, ClickhouseModule, ...(meta.imports ?? [])] })
  class IntelligenceTestModule {}
  const app = await NestFactory.createApplicationContext(IntelligenceTestModule, { logger: ['error'] });
  const clickhouse = app.get(ClickhouseService);
  await clickhouse.migrator(await clickhouse.writer()).up();
  return {
    env,
    app,
    clickhouse,
    async close() {
      await app.close();
      await env.teardown();
    },
  };
}

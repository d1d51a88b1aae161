import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit } from '@northstar/config';
import { PrismaModule } from '@northstar/prisma';
import { ClickhouseModule } from '@northstar/clickhouse';
import { WorkersHostModule } from '@northstar/workers-host';
import { QueuesModule } from '@northstar/queues';
import { FEATURE_MODULES } from '@northstar/platform';
import { JsonLogger, createPino } from '@northstar/http';

/**
 * Standalone worker process (RUN_MODE=workers). Needs a ClickHouse server
 * (CLICKHOUSE_URL=http…): with the embedded engine the API process runs the
 * workers itself, because only one process may hold the data folder.
 */
async function main() {
  const config = loadConfigOrExit();
  // The feature modules provide the job classes the queue processors dispatch to.
  @Module({ imports: [ConfigModule, PrismaModule, ClickhouseModule, QueuesModule.forRoot(), ...FEATURE_MODULES, WorkersHostModule.forRoot()] })
  class WorkersAppModule {}
  const app = await NestFactory.createApplicationContext(WorkersAppModule, { logger: new JsonLogger(createPino(config.LOG_LEVEL)) });
  // SIGTERM/SIGINT close every BullMQ worker, which waits for in-flight jobs to finish.
  app.enableShutdownHooks();
}

void main();

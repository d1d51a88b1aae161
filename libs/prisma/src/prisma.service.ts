import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { loadConfig } from '@northstar/config';
import { PrismaClient } from './generated/client';

/**
 * The application's one PrismaClient, injectable by type. Prisma 7 talks to Postgres
 * through a driver adapter (node-postgres pool) instead of a native engine, so nothing is
 * downloaded at run time. The URL comes from config at construction, which lets tests
 * point DATABASE_URL at their own database before the Nest app is built.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  constructor() {
    super({ adapter: new PrismaPg({ connectionString: loadConfig().DATABASE_URL }) });
  }

  /** Connect at boot so a wrong DATABASE_URL fails start-up, not the first request. */
  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect().catch((error: unknown) => {
      this.logger.warn(`disconnect failed: ${(error as Error).message}`);
    });
  }
}

import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaModule, PrismaService, checkPostgres, Prisma } from './index';

describe('PrismaService', () => {
  let env: TestEnvironment;
  let prisma: PrismaService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // Built after createTestEnvironment(): PrismaService reads DATABASE_URL when constructed.
    const app = await NestFactory.createApplicationContext(PrismaModule, { logger: false });
    prisma = app.get(PrismaService);
    close = () => app.close();
  });

  afterAll(async () => {
    await close?.();
    await env?.teardown();
  });

  it('reads and writes the test database through the pg driver adapter', async () => {
    const id = randomUUID();
    const payload = { quoteId: 'q_1', total: { amountMinor: 12_500, currency: 'CAD' } };
    await prisma.outboxEvent.create({
      data: { id, aggregateType: 'quote', aggregateId: 'q_1', eventName: 'quote.sent', payload },
    });

    const row = await prisma.outboxEvent.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ aggregateType: 'quote', deliveredAt: null, attempts: 0, payload });
    expect(typeof row.seq).toBe('bigint');
    const [{ db }] = await prisma.$queryRaw<Array<{ db: string }>>(Prisma.sql`SELECT current_database() AS db`);
    expect(env.databaseUrl.endsWith(`/${db}`)).toBe(true);
  });

  it('checkPostgres reports a live client and a dead URL without throwing', async () => {
    expect(await checkPostgres(prisma)).toMatchObject({ ok: true });

    const dead = await checkPostgres('postgresql://postgres@127.0.0.1:1/nothing', 500);
    expect(dead.ok).toBe(false);
    expect(dead.error).toBeTruthy();
    expect(dead.latencyMs).toBeLessThan(2000);
  });
});

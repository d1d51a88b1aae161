/**
 * Loads the demo world into a running Northstar (idempotent: a second run adds nothing).
 *
 *   node -r @swc-node/register tools/demo/load-demo.ts --api http://127.0.0.1:3000
 *     [--customers 200] [--seed 20240611] [--live 8] [--large]
 *
 * `npm start` runs it once the server is ready. Each customer's history is replayed
 * through the domain services by the server (POST /admin/demo/replay), so every step
 * costs a service transaction: see docs/demo-world.md for the times. --large (100k
 * customers) goes through the same replay and takes many hours on a 2-core machine.
 * Demo staff passwords are generated and written to .data/demo-credentials.json
 * (printed once, when created).
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule, loadConfigOrExit } from '@northstar/config';
import { PrismaModule, PrismaService } from '@northstar/prisma';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, generateWorld, loadWorldThroughApi } from '@northstar/demo-world';

@Module({ imports: [ConfigModule, PrismaModule] })
class LoaderModule {}

async function main() {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      customers: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      live: { type: 'string', default: '8' },
      large: { type: 'boolean', default: false },
    },
  });
  loadConfigOrExit();
  const customers = Number(values.customers ?? (values.large ? 100_000 : DEFAULT_CUSTOMERS));
  const t0 = Date.now();
  const world = generateWorld({ seed: Number(values.seed), customers });
  console.log(`[demo] world: ${customers} customers, seed ${values.seed}, generated in ${Date.now() - t0} ms`);
  const app = await NestFactory.createApplicationContext(LoaderModule, { logger: ['error'] });
  try {
    const report = await loadWorldThroughApi({
      api: values.api!.replace(/\/$/, ''),
      prisma: app.get(PrismaService),
      world,
      dataDir: path.resolve(__dirname, '../../.data'),
      liveCustomers: Number(values.live),
      log: (l) => console.log(`[demo] ${l}`),
    });
    for (const c of report.newCredentials) console.log(`[demo] staff login (shown once; also in .data/demo-credentials.json): ${c.role}  ${c.email}  ${c.password}`);
    console.log(`[demo] done in ${report.seconds}s`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[demo] failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);

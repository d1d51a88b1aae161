/**
 * `npm run check:consistency`: compares every customer's Postgres records with their
 * ClickHouse lifecycle events, by kind and amount, prints each mismatch and exits 1 on
 * any (libs/consistency).
 *
 *   npm run check:consistency [-- --api http://127.0.0.1:3000] [--wait 60] [--direct]
 *
 * With the platform running, the check runs inside it (GET /admin/consistency, as an
 * admin: NORTHSTAR_ADMIN_EMAIL / NORTHSTAR_ADMIN_PASSWORD, else the demo admin from
 * .data/demo-credentials.json), because the embedded ClickHouse folder admits one
 * process. Otherwise (or with --direct) this process opens both stores itself.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClickhouseModule } from '@northstar/clickhouse';
import { ConfigModule, loadConfigOrExit } from '@northstar/config';
import { ConsistencyService, reportLines, type ConsistencyReport } from '@northstar/consistency';
import { PrismaModule } from '@northstar/prisma';

@Module({ imports: [ConfigModule, PrismaModule, ClickhouseModule], providers: [ConsistencyService] })
class CheckModule {}

function adminCredentials(): { email: string; password: string } {
  const { NORTHSTAR_ADMIN_EMAIL: email, NORTHSTAR_ADMIN_PASSWORD: password } = process.env;
  if (email && password) return { email, password };
  const file = path.resolve(__dirname, '../.data/demo-credentials.json');
  const admin = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { admin?: { email: string; password: string } }).admin : undefined;
  if (!admin) throw new Error('set NORTHSTAR_ADMIN_EMAIL and NORTHSTAR_ADMIN_PASSWORD (an admin account of the running platform)');
  return admin;
}

async function running(api: string): Promise<boolean> {
  return fetch(`${api}/health/ready`).then(
    (r) => r.ok,
    () => false,
  );
}

async function viaApi(api: string, waitMs: number): Promise<ConsistencyReport> {
  const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(adminCredentials()) });
  if (!login.ok) throw new Error(`admin login → ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${api}/admin/consistency?waitMs=${waitMs}`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!res.ok) throw new Error(`GET /admin/consistency → ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as ConsistencyReport;
}

async function direct(waitMs: number): Promise<ConsistencyReport> {
  const app = await NestFactory.createApplicationContext(CheckModule, { logger: ['error'] });
  try {
    return await app.get(ConsistencyService).check({ waitForOutboxMs: waitMs });
  } finally {
    await app.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { api: { type: 'string' }, wait: { type: 'string', default: '60' }, direct: { type: 'boolean', default: false } },
  });
  const config = loadConfigOrExit();
  const api = (values.api ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const waitMs = Number(values.wait) * 1000;
  const useApi = !values.direct && (await running(api));
  console.log(`[consistency] ${useApi ? `asking the platform at ${api}` : `reading Postgres and ClickHouse (${config.CLICKHOUSE_URL ?? 'embedded'}) directly`}`);
  const report = useApi ? await viaApi(api, waitMs) : await direct(waitMs);
  for (const line of reportLines(report)) console.log(line);
  return report.mismatches.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[consistency] failed: ${(e as Error).message}`);
    process.exit(2);
  },
);

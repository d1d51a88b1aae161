import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import net from 'node:net';
import { ClickhouseService } from '@northstar/clickhouse';
import { createApiApp, createReadyApiApp } from '@northstar/platform';
import { WriteKeyService } from '../../src/write-key.service';

/** Whole-flow tests of the stream run the real composition root (libs/platform). */
export async function startApi(listen = false): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  if (!listen) return { app: await createReadyApiApp(), baseUrl: '' };
  const app = await createApiApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.getHttpAdapter().getInstance().server.address() as net.AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${addr.port}` };
}

export async function newWriteKey(app: NestFastifyApplication, source = 'web'): Promise<string> {
  return (await app.get(WriteKeyService).create({ source, name: `${source} test key` })).key;
}

export function basic(key: string): string {
  return 'Basic ' + Buffer.from(`${key}:`).toString('base64');
}

export async function chCount(app: NestFastifyApplication, sql: string, params: Record<string, unknown> = {}): Promise<number> {
  const rows = await app.get(ClickhouseService).query<{ n: number | string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

export async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  let lastErr: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}${lastErr ? `, last error ${(lastErr as Error).message}` : ''}`);
}

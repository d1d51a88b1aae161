import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ClickhouseService } from '@northstar/clickhouse';
import { createApiApp } from '@northstar/platform';
import { WriteKeyService } from '../../src/write-key.service';

/** Whole-flow tests of the stream run the real composition root (libs/platform). */
export async function startApi(listen = false): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const app = await createApiApp();
  if (listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.getHttpAdapter().getInstance().server.address() as net.AddressInfo;
    return { app, baseUrl: `http://127.0.0.1:${addr.port}` };
  }
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, baseUrl: '' };
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

/** A private redis-server on a free port, so a test can really stop and restart "Redis" without touching the shared one. */
export class PrivateRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
      srv.on('error', reject);
    });
    return new PrivateRedis(port);
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await this.accepts()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = net.connect(this.port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
  }
}

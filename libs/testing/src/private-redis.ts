import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The persistence every set-up runs with (npm start, compose), as redis-server arguments. */
export function durableRedisArgs(conf = path.resolve(__dirname, '../../../deploy/redis/durable.conf')): string[] {
  return readFileSync(conf, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .flatMap((line) => {
      const [directive, ...value] = line.split(/\s+/);
      return [`--${directive}`, value.join(' ').replace(/^""$/, '')];
    });
}

/**
 * A private redis-server on a free port, so a test can really stop and restart "Redis" without touching the shared one.
 * A durable one persists as deploy/redis/durable.conf says, in its own folder: SIGKILLed and started again, it
 * comes back with what it had acknowledged.
 */
export class PrivateRedis {
  private proc?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly dir?: string,
  ) {}

  static async freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
      srv.on('error', reject);
    });
  }

  static async create(opts: { durable?: boolean } = {}): Promise<PrivateRedis> {
    const dir = opts.durable ? mkdtempSync(path.join(os.tmpdir(), 'ns-redis-')) : undefined;
    return new PrivateRedis(await PrivateRedis.freePort(), dir);
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const persistence = this.dir ? ['--dir', this.dir, ...durableRedisArgs()] : ['--save', '', '--appendonly', 'no'];
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', ...persistence], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await this.accepts()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port} (is redis-server installed?)`);
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

  /** Killed, its files gone, started again: Redis back with nothing (a lost disk, a new empty server). */
  async restartEmpty(): Promise<void> {
    await this.stop();
    if (this.dir) for (const f of ['appendonlydir', 'dump.rdb']) rmSync(path.join(this.dir, f), { recursive: true, force: true });
    await this.start();
  }

  /** Stops the server and deletes its folder. */
  async discard(): Promise<void> {
    await this.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = net.connect(this.port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
  }
}

import pg from 'pg';
import { withTimeout } from '@northstar/async';

export interface PostgresCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** Anything that can run raw SQL the Prisma way: PrismaService, PrismaClient, a transaction client. */
export interface RawQueryable {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export const POSTGRES_CHECK_TIMEOUT_MS = 1500;

/**
 * Readiness probe: `SELECT 1` through an existing client, or through a short-lived
 * connection when given a URL (scripts and set-up checks that run before Nest). Never
 * throws and never waits longer than `timeoutMs`: a probe that hangs is a failed probe.
 */
export async function checkPostgres(
  target: RawQueryable | string,
  timeoutMs = POSTGRES_CHECK_TIMEOUT_MS,
): Promise<PostgresCheck> {
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  try {
    const probe = typeof target === 'string' ? selectOneAt(target, timeoutMs) : target.$queryRawUnsafe('SELECT 1');
    await withTimeout(probe, timeoutMs, `Postgres did not answer within ${timeoutMs} ms`);
    return { ok: true, latencyMs: elapsed() };
  } catch (error) {
    return { ok: false, latencyMs: elapsed(), error: (error as Error).message };
  }
}

async function selectOneAt(connectionString: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

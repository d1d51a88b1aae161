import { z } from 'zod';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(':', ''));
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}` },
  );

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * Every environment variable the platform reads, with the default that works on a
 * fresh development machine (Postgres and Redis on loopback, ClickHouse embedded in
 * the repo's git-ignored .data folder). Parsed once at start-up by loadConfig().
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a whole port number')
    .min(1, 'expected a port number between 1 and 65535')
    .max(65535, 'expected a port number between 1 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: url(['http', 'https']).optional(),

  DATABASE_URL: url(['postgres', 'postgresql']).default('postgresql://postgres@127.0.0.1:5432/northstar'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Prefix for every BullMQ key, so several deployments (or test runs) share one Redis safely. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'expected letters, digits, ":", "_" or "-"').default('northstar'),

  /** http(s)://… for a ClickHouse server; chdb:///abs/path (or unset) for the embedded engine. */
  CLICKHOUSE_URL: url(['http', 'https', 'chdb']).optional(),
  CLICKHOUSE_DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data', 'clickhouse')),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an identifier').default('northstar'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  /** When set, migrations render ON CLUSTER DDL with Replicated engines and a Distributed table. */
  CLICKHOUSE_CLUSTER: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a cluster name').optional(),

  /** Which process roles run here: api, workers, or both (all-in-one; required for embedded ClickHouse). */
  RUN_MODE: z.enum(['all-in-one', 'api', 'workers']).default('all-in-one'),
  /** Comma-separated queue names this worker process consumes; empty = all. */
  WORKER_QUEUES: csv.default([]),

  EVENTS_FLUSH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  EVENTS_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(500),
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(250),
  /** An outbox row enqueued but not delivered after this long is enqueued again (doubling per attempt). */
  OUTBOX_REENQUEUE_AFTER_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Time zones whose dashboard presets the KPI snapshot job keeps warm (comma list); empty = the business default. */
  ANALYTICS_SNAPSHOT_TIMEZONES: csv.default([]),

  JWT_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  CORS_ORIGINS: csv.default([]),
  SERVE_DASHBOARD: bool.default(true),

  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().default('Northstar <no-reply@northstar.local>'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: url(['http', 'https']).optional(),
  GOOGLE_API_ROOT: url(['http', 'https']).optional(),
  GOOGLE_TOKEN_URL: url(['http', 'https']).optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_REFRESH_TOKEN: z.string().optional(),
});

export type AppConfig = z.infer<typeof envSchema>;

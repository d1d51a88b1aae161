import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE_MIGRATIONS_DIR, ClickhouseMigrator, openClickhouse, type NorthstarClickhouse } from '@northstar/clickhouse';
import { chTime } from '@northstar/contracts';
import { mulberry32 as rng } from '@northstar/random';

/** One generated row of `events`, as the reference implementations see it. */
export interface TestEvent {
  event_id: string;
  type: string;
  event: string;
  customer_id: string;
  user_id: string;
  anonymous_id: string;
  account_id: string;
  ts: number; // epoch ms
  properties: Record<string, unknown>;
  amount_minor: number;
  currency: string;
}

/** A deterministic PRNG so a failing golden case can be replayed. */
export { rng };

/** UUID-shaped ids; the random part decides the tie-break order, like real ids. */
export function uuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function ev(r: () => number, e: Partial<TestEvent> & { event: string; ts: number }): TestEvent {
  return {
    event_id: uuid(r),
    type: 'lifecycle',
    customer_id: '',
    user_id: '',
    anonymous_id: '',
    account_id: '',
    properties: {},
    amount_minor: 0,
    currency: '',
    ...e,
  };
}

function row(e: TestEvent) {
  return {
    event_id: e.event_id,
    message_id: e.event_id,
    type: e.type,
    event: e.event,
    source: 'test',
    user_id: e.user_id,
    anonymous_id: e.anonymous_id,
    customer_id: e.customer_id,
    account_id: e.account_id,
    timestamp: chTime(new Date(e.ts)),
    received_at: chTime(new Date(e.ts)),
    properties: JSON.stringify(e.properties),
    context: '{}',
    traits: '{}',
    amount_minor: e.amount_minor,
    currency: e.currency,
  };
}

export async function insertEvents(client: ClickHouseClient, events: TestEvent[]): Promise<void> {
  if (!events.length) return;
  await client.insert({ table: 'events', values: events.map(row), format: 'JSONEachRow' });
}

/**
 * Inserts the way the stream really delivers: shuffled, in several batches, a share
 * redelivered in a later batch (duplicates by event_id), some rows arriving late.
 * The reference sees each event exactly once.
 */
export async function insertMessily(client: ClickHouseClient, events: TestEvent[], seed = 7): Promise<void> {
  const r = rng(seed);
  const shuffled = [...events].sort(() => r() - 0.5);
  const batches: TestEvent[][] = [[], [], []];
  for (const e of shuffled) batches[Math.floor(r() * 3)].push(e);
  const redelivered = shuffled.filter(() => r() < 0.15);
  for (const b of batches) await insertEvents(client, b);
  await insertEvents(client, redelivered);
}

/** A ClickHouse database of its own for one test file, migrated. */
export async function openTestClickhouse(): Promise<NorthstarClickhouse> {
  const ch = await openClickhouse({
    url: process.env.CLICKHOUSE_URL,
    dataDir: process.env.CLICKHOUSE_DATA_DIR!,
    database: `an_${process.pid}_${randomBytes(4).toString('hex')}`,
  });
  await new ClickhouseMigrator(ch.client, { dir: CLICKHOUSE_MIGRATIONS_DIR, database: ch.database }).up();
  return ch;
}

export async function queryRows<T>(client: ClickHouseClient, sql: { sql: string; params: Record<string, unknown> }): Promise<T[]> {
  const rs = await client.query({ query: sql.sql, query_params: sql.params, format: 'JSONEachRow' });
  return rs.json<T>();
}

import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime } from '@northstar/contracts';

/** A row for the ClickHouse `events` table, as the tests and benchmark generate them. */
export interface GeneratedEvent {
  event_id: string;
  type: string;
  event: string;
  customer_id: string;
  account_id: string;
  timestamp: string;
  received_at: string;
  properties: string;
  amount_minor: number;
  currency: string;
}

export const DAY = 86_400_000;

/** One generated event. `type` is 'lifecycle' unless the name is a tracking event. */
export function ev(
  customerId: string,
  event: string,
  at: Date,
  properties: Record<string, unknown> = {},
  extra: { type?: string; accountId?: string } = {},
): GeneratedEvent {
  const amount = typeof properties.amountMinor === 'number' ? properties.amountMinor : 0;
  return {
    event_id: randomUUID(),
    type: extra.type ?? 'lifecycle',
    event,
    customer_id: customerId,
    account_id: extra.accountId ?? '',
    timestamp: chTime(at),
    received_at: chTime(at),
    properties: JSON.stringify(properties),
    amount_minor: amount,
    currency: amount ? 'CAD' : '',
  };
}

export async function insertEvents(client: ClickHouseClient, rows: GeneratedEvent[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100_000) {
    await client.insert({ table: 'events', values: rows.slice(i, i + 100_000), format: 'JSONEachRow' });
  }
}

/** A deterministic PRNG so generated populations are the same on every run. */
export { mulberry32 as rng } from '@northstar/random';

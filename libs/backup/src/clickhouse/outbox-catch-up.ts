import type pg from 'pg';
import type { ClickHouseClient } from '@clickhouse/client';
import { quoteIdent } from '@northstar/clickhouse';
import { outboxToEventRow, type OutboxRecord } from '@northstar/outbox';

/** Outbox columns as text (the backup's raw connections parse no types), turned back by `outboxRecord`. */
export const OUTBOX_COLUMNS = `id, seq, "aggregateType", "aggregateId", "eventName", "customerId", "accountId", payload::text AS payload,
  to_char("occurredAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", attempts`;

type OutboxText = Omit<OutboxRecord, 'payload' | 'occurredAt'> & { payload: string; occurredAt: string };

export function outboxRecord(r: OutboxText): OutboxRecord {
  return { ...r, payload: JSON.parse(r.payload) as unknown, occurredAt: new Date(r.occurredAt), attempts: Number(r.attempts) };
}

/**
 * ClickHouse comes back as of its last backup, Postgres as of the chosen moment: the
 * lifecycle events between the two are missing from the restored `events`. They are
 * not lost — each is a delivered outbox row in the restored Postgres — so they are
 * written again from those rows with the relay's own mapping (`outboxToEventRow`, the
 * event id is the outbox row id), exactly as the relay wrote them the first time.
 * Only ids absent from ClickHouse are inserted, so running it twice adds nothing.
 * Tracking events (Segment) have no row in Postgres and stay as of the backup.
 */
export async function catchUpFromOutbox(
  postgres: pg.Client,
  clickhouse: ClickHouseClient,
  database: string,
  since: Date,
): Promise<number> {
  const rows = (
    await postgres.query<OutboxText>(`SELECT ${OUTBOX_COLUMNS} FROM outbox_events WHERE "deliveredAt" IS NOT NULL AND "deliveredAt" >= $1 ORDER BY seq`, [
      since.toISOString(),
    ])
  ).rows.map(outboxRecord);
  let written = 0;
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    const present = await clickhouse.query({
      query: `SELECT toString(event_id) AS id FROM ${quoteIdent(database)}.events WHERE has({ids:Array(String)}, toString(event_id))`,
      query_params: { ids: chunk.map((r) => r.id) },
      format: 'JSONEachRow',
    });
    const have = new Set((await present.json<{ id: string }>()).map((r) => r.id));
    const missing = chunk.filter((r) => !have.has(r.id)).map((r) => outboxToEventRow(r));
    if (missing.length) await clickhouse.insert({ table: `${quoteIdent(database)}.events`, values: missing, format: 'JSONEachRow' });
    written += missing.length;
  }
  return written;
}

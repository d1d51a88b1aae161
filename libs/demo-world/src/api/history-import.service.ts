import { Injectable, Optional } from '@nestjs/common';
import { AnalyticsDataVersion } from '@northstar/analytics';
import { ClickhouseService } from '@northstar/clickhouse';
import { chTime, type EventRow } from '@northstar/contracts';
import { EventsSink } from '@northstar/events-writer';
import { ApiError } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import type { ImportLifecycleEventsInput } from './history-import.schemas';

/**
 * Imports lifecycle history (events that happened before this system ran, or the
 * demo world's two years) straight into ClickHouse `events` with `source = 'import'`,
 * so imported history is always distinguishable from events the API emitted.
 * Every customer must exist in Postgres (the system of record), and event ids
 * already present are skipped, so a re-import adds nothing — not even a duplicate
 * waiting for a ReplacingMergeTree merge.
 */
@Injectable()
export class HistoryImportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clickhouse: ClickhouseService,
    @Optional() private readonly analyticsData?: AnalyticsDataVersion,
  ) {}

  async import(input: ImportLifecycleEventsInput): Promise<{ received: number; inserted: number; skipped: number }> {
    const now = Date.now();
    const customerIds = [...new Set(input.events.map((e) => e.customerId))];
    const found = await this.prisma.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true } });
    const known = new Set(found.map((c) => c.id));
    const unknown = customerIds.filter((id) => !known.has(id));
    if (unknown.length) throw ApiError.validation(unknown.slice(0, 20).map((id) => ({ field: 'events.customerId', message: `unknown customer ${id}` })));
    const late = input.events.find((e) => new Date(e.occurredAt).getTime() > now + 60_000);
    if (late) throw ApiError.validation([{ field: 'events.occurredAt', message: `event ${late.eventId} is in the future` }]);

    const ids = input.events.map((e) => e.eventId);
    const existing = await this.clickhouse.query<{ event_id: string }>(
      `SELECT DISTINCT toString(event_id) AS event_id FROM events WHERE has({ids:Array(String)}, toString(event_id))`,
      { ids },
    );
    const have = new Set(existing.map((r) => r.event_id));
    const seen = new Set<string>();
    const receivedAt = chTime(new Date(now));
    const rows: EventRow[] = [];
    for (const e of input.events) {
      if (have.has(e.eventId) || seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      const amount = e.properties.amountMinor;
      const at = chTime(new Date(e.occurredAt));
      rows.push({
        event_id: e.eventId,
        message_id: e.eventId,
        type: 'lifecycle',
        event: e.name,
        source: 'import',
        user_id: '',
        anonymous_id: '',
        customer_id: e.customerId,
        account_id: e.accountId ?? '',
        timestamp: at,
        original_timestamp: at,
        sent_at: null,
        received_at: receivedAt,
        properties: JSON.stringify({ ...e.properties, aggregateType: e.aggregateType, aggregateId: e.aggregateId }),
        context: '{}',
        traits: '{}',
        amount_minor: typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : 0,
        currency: typeof e.properties.currency === 'string' ? e.properties.currency : '',
      });
    }
    if (rows.length) {
      await new EventsSink(await this.clickhouse.writer(), this.clickhouse.database).insert('events', rows);
      this.analyticsData?.changed(); // cached analytics results must not outlive imported history
    }
    return { received: input.events.length, inserted: rows.length, skipped: input.events.length - rows.length };
  }

  async existingMessages(messageIds: string[]): Promise<{ existing: string[] }> {
    const rows = await this.clickhouse.query<{ message_id: string }>(`SELECT DISTINCT message_id FROM events WHERE message_id IN {ids:Array(String)}`, { ids: messageIds });
    return { existing: rows.map((r) => r.message_id) };
  }
}

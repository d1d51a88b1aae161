import { Injectable } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { chTime, fromChTime, type EventRow } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import { customerTimelineSql, eventCountsSql } from './events-query.sql';

/** A stored `events` row as the timeline reads it (amount_minor, an Int64, may come back as a string). */
export type TimelineEvent = Omit<EventRow, 'original_timestamp' | 'sent_at' | 'context' | 'amount_minor'> & { amount_minor: number | string };

export function encodeCursor(ts: string, id: string): string {
  return Buffer.from(`${ts}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { ts: string; id: string } {
  const [ts, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!ts || !id || Number.isNaN(fromChTime(ts).getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw ApiError.validation([{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
  }
  return { ts, id };
}

@Injectable()
export class EventsQueryService {
  constructor(private readonly clickhouse: ClickhouseService) {}

  async timeline(customerId: string, limit: number, cursor?: string) {
    const c = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.clickhouse.query<TimelineEvent>(customerTimelineSql(!!c), {
      customerId,
      limit: limit + 1,
      ...(c ? { cursorTs: c.ts, cursorId: c.id } : {}),
    });
    const page = rows.slice(0, limit).map((r) => ({
      ...r,
      timestamp: fromChTime(r.timestamp).toISOString(),
      received_at: fromChTime(r.received_at).toISOString(),
      amount_minor: Number(r.amount_minor),
      properties: safeJson(r.properties),
      traits: safeJson(r.traits),
    }));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { data: page, nextCursor: last ? encodeCursor(last.timestamp, last.event_id) : null };
  }

  async counts(from: Date, to: Date, event?: string) {
    const rows = await this.clickhouse.query<{ event: string; type: string; count: number | string }>(eventCountsSql(!!event), {
      from: chTime(from),
      to: chTime(to),
      ...(event ? { event } : {}),
    });
    return { from: from.toISOString(), to: to.toISOString(), data: rows.map((r) => ({ event: r.event, type: r.type, count: Number(r.count) })) };
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

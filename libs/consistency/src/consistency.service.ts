import { Injectable } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { compareStores, type EventRow, type Mismatch, type RecordRow } from './consistency-compare';
import { CONSISTENCY_FACTS, OUTBOX_FACT } from './consistency-facts';
import { lifecycleTotalsSql } from './consistency.sql';

export interface ConsistencyReport {
  checkedAt: string;
  /** Live customers (merged-away ones count on their survivor). */
  customers: number;
  /** Erased customers are left out: their events were deleted on purpose, their records anonymised. */
  erased: number;
  kinds: string[];
  /** Outbox rows not yet in ClickHouse when the check read both stores (their events are on the way). */
  undelivered: number;
  mismatches: Mismatch[];
}

interface OutboxMark {
  undelivered: number;
  lastSeq: bigint;
}

const READ_ATTEMPTS = 3;

/**
 * Compares every customer's Postgres records with their ClickHouse lifecycle events,
 * kind by kind, by count and amount (CONSISTENCY_FACTS), and the outbox transport
 * itself. Both stores are read while the outbox stands still (no new row, none
 * delivered in between), so a write landing mid-check is not reported as a mismatch;
 * it is read again instead.
 */
@Injectable()
export class ConsistencyService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clickhouse: ClickhouseService,
  ) {}

  /** `waitForOutboxMs`: first wait (up to this long) until every committed event is delivered. */
  async check(opts: { waitForOutboxMs?: number } = {}): Promise<ConsistencyReport> {
    await this.settle(opts.waitForOutboxMs ?? 0);
    for (let attempt = 1; ; attempt++) {
      const before = await this.outboxMark();
      const report = await this.read(before.undelivered);
      const after = await this.outboxMark();
      if ((after.undelivered === before.undelivered && after.lastSeq === before.lastSeq) || attempt === READ_ATTEMPTS) return report;
    }
  }

  private async read(undelivered: number): Promise<ConsistencyReport> {
    const merged = await this.prisma.customer.findMany({ where: { mergedIntoId: { not: null } }, select: { id: true, mergedIntoId: true } });
    const into = new Map(merged.map((m) => [m.id, m.mergedIntoId!]));
    const erased = new Set((await this.prisma.erasure.findMany({ select: { customerId: true } })).map((e) => e.customerId));
    const records = new Map<string, RecordRow[]>();
    for (const f of [...CONSISTENCY_FACTS, OUTBOX_FACT]) records.set(f.kind, await this.prisma.$queryRawUnsafe<RecordRow[]>(f.postgres));
    const events = await this.clickhouse.query<EventRow>(lifecycleTotalsSql());
    const survivor = (id: string) => into.get(id) ?? id;
    const mismatches = compareStores({ records, events, survivor, skip: (id) => erased.has(id) });
    return {
      checkedAt: new Date().toISOString(),
      customers: await this.prisma.customer.count({ where: { mergedIntoId: null } }),
      erased: erased.size,
      kinds: [...CONSISTENCY_FACTS.map((f) => f.kind), OUTBOX_FACT.kind],
      undelivered,
      mismatches,
    };
  }

  private async outboxMark(): Promise<OutboxMark> {
    const [row] = await this.prisma.$queryRaw<{ undelivered: bigint; last: bigint | null }[]>`
      SELECT count(*) FILTER (WHERE "deliveredAt" IS NULL) AS undelivered, max(seq) AS last FROM outbox_events`;
    return { undelivered: Number(row.undelivered), lastSeq: row.last ?? 0n };
  }

  private async settle(waitMs: number) {
    const until = Date.now() + waitMs;
    while ((await this.outboxMark()).undelivered > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
  }
}

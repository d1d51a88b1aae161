import { Injectable } from '@nestjs/common';
import { LifecycleEvent } from '@northstar/contracts';
import { LifecycleTransaction, type Emit, type Tx } from '@northstar/outbox';
import { Prisma, PrismaService } from '@northstar/prisma';
import { customerRecordsSql, type CustomerRecordRow } from './customer-records.sql';
import { deriveLifecycle, legacyStage, type CustomerLifecycleView } from './customer-lifecycle';

const BATCH = 500;

interface StoredLifecycle {
  customerId: string;
  salesStage: string;
  salesStageSince: Date;
  relationshipStage: string;
  relationshipStageSince: Date;
  customerSince: Date;
  lastServiceAt: Date | null;
}

const time = (d: Date | null) => d?.getTime() ?? null;

/** True when the stored row already says what the records say (the history follows from the same facts). */
export function sameLifecycle(stored: StoredLifecycle | undefined, v: CustomerLifecycleView): boolean {
  return (
    !!stored &&
    stored.salesStage === v.sales.stage &&
    time(stored.salesStageSince) === time(v.sales.enteredAt) &&
    stored.relationshipStage === v.relationship.stage &&
    time(stored.relationshipStageSince) === time(v.relationship.enteredAt) &&
    time(stored.customerSince) === time(v.customerSince) &&
    time(stored.lastServiceAt) === time(v.lastServiceAt)
  );
}

/**
 * Keeps `customer_lifecycle` equal to what the customer's records imply, and tells the
 * stream each stage change with the date it was entered. The records are the truth
 * (the 360 derives from them directly); this table is the stored copy lists filter on.
 */
@Injectable()
export class LifecycleStageService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
  ) {}

  /** Every record of these customers, newest first. */
  records(customerIds: readonly string[]): Promise<CustomerRecordRow[]> {
    return customerIds.length ? this.prisma.$queryRaw<CustomerRecordRow[]>(customerRecordsSql(customerIds)) : Promise.resolve([]);
  }

  /** Stages, dates and service history of one customer as of now, from their records. */
  async current(customerId: string, registeredAt: Date, now = new Date()) {
    const records = await this.records([customerId]);
    return { lifecycle: deriveLifecycle(registeredAt, records, now), records };
  }

  /** Re-derives the given customers (live ones only); returns how many changed. */
  async refresh(customerIds: readonly string[], now = new Date()): Promise<{ customers: number; changed: number }> {
    let changed = 0;
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += BATCH) changed += await this.refreshBatch(unique.slice(i, i + BATCH), now);
    return { customers: unique.length, changed };
  }

  /** The periodic pass: stages also change with time alone (day 30, day 90, 12 months, silence). */
  async refreshAll(now = new Date()): Promise<{ customers: number; changed: number }> {
    let after = '';
    let customers = 0;
    let changed = 0;
    for (;;) {
      const page = await this.prisma.customer.findMany({ where: { deletedAt: null, id: { gt: after } }, select: { id: true }, orderBy: { id: 'asc' }, take: BATCH });
      if (!page.length) return { customers, changed };
      customers += page.length;
      changed += await this.refreshBatch(page.map((c) => c.id), now);
      after = page[page.length - 1].id;
    }
  }

  private async refreshBatch(ids: string[], now: Date): Promise<number> {
    const [customers, records, stored] = await Promise.all([
      this.prisma.customer.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true, createdAt: true } }),
      this.records(ids),
      this.prisma.customerLifecycle.findMany({ where: { customerId: { in: ids } } }),
    ]);
    const storedBy = new Map(stored.map((s) => [s.customerId, s]));
    let changed = 0;
    for (const c of customers) {
      const view = deriveLifecycle(c.createdAt, records.filter((r) => r.customer_id === c.id), now);
      if (sameLifecycle(storedBy.get(c.id), view)) continue;
      await this.lifecycle.run((tx, emit) => this.store(tx, emit, c.id, view, now), { allowNoEvents: true });
      changed++;
    }
    return changed;
  }

  /** Under the row lock, so two refreshes of one customer cannot both announce the same change. */
  private async store(tx: Tx, emit: Emit, customerId: string, v: CustomerLifecycleView, now: Date): Promise<void> {
    const [before] = await tx.$queryRaw<StoredLifecycle[]>`SELECT * FROM customer_lifecycle WHERE "customerId" = ${customerId} FOR UPDATE`;
    if (sameLifecycle(before, v)) return;
    const row = {
      salesStage: v.sales.stage,
      salesStageSince: v.sales.enteredAt,
      relationshipStage: v.relationship.stage,
      relationshipStageSince: v.relationship.enteredAt,
      customerSince: v.customerSince,
      lastServiceAt: v.lastServiceAt,
      history: v.history as unknown as Prisma.InputJsonValue,
      computedAt: now,
    };
    await tx.customerLifecycle.upsert({ where: { customerId }, create: { customerId, ...row }, update: row });
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { lifecycleStage: true } });
    await tx.customer.update({ where: { id: customerId }, data: { lastServiceAt: v.lastServiceAt, lifecycleStage: legacyStage(v.relationship.stage, customer.lifecycleStage) } });
    const announce = (scheme: 'sales' | 'relationship', stage: string, enteredAt: Date, previous: string | null, previousSince: Date | null) => {
      if (stage === previous && time(enteredAt) === time(previousSince)) return;
      emit({
        name: LifecycleEvent.CustomerStageChanged,
        aggregateType: 'customer',
        aggregateId: customerId,
        customerId,
        properties: { scheme, stage, previousStage: previous, enteredAt: enteredAt.toISOString() },
        occurredAt: enteredAt,
      });
    };
    announce('sales', v.sales.stage, v.sales.enteredAt, before?.salesStage ?? null, before?.salesStageSince ?? null);
    announce('relationship', v.relationship.stage, v.relationship.enteredAt, before?.relationshipStage ?? null, before?.relationshipStageSince ?? null);
  }
}

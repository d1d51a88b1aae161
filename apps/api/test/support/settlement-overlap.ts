import type { INestApplication } from '@nestjs/common';
import { BillingHooks } from '@northstar/invoices';
import { PrismaService } from '@northstar/prisma';

const HOOK = 'test-settlement-overlap';

/**
 * Makes `calls` concurrent payment deliveries for one invoice overlap inside their
 * transactions, so a race test cannot pass merely because the calls happened to run
 * one after the other. The first delivery to settle the invoice is held, inside its
 * transaction (the invoice-paid hook runs there), until every other delivery has either
 * reached the same point or is waiting on a row lock in Postgres — that is, has started
 * and got as far as the lock lets it. Only then may the first one commit. A call that
 * never turns up fails the held transaction after `timeoutMs`.
 */
export function overlapSettlements(app: INestApplication, invoiceId: string, calls: number, timeoutMs = 15_000) {
  const prisma = app.get(PrismaService);
  const hooks = app.get(BillingHooks);
  let arrived = 0;
  let everyoneIn: Promise<void> | undefined;

  const lockWaiters = async () => {
    const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')`,
    );
    return Number(rows[0].n);
  };
  const waitForEveryone = async () => {
    const deadline = Date.now() + timeoutMs;
    while (arrived + (await lockWaiters()) < calls) {
      if (Date.now() > deadline) throw new Error(`overlap: only ${arrived} of ${calls} deliveries reached settlement or a lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  hooks.onInvoicePaid(HOOK, async (_ctx, invoice) => {
    if (invoice.id !== invoiceId) return;
    arrived++;
    everyoneIn ??= waitForEveryone();
    await everyoneIn;
  });
  return {
    /** How many deliveries reached settlement (1 when the others were held off by a lock). */
    arrived: () => arrived,
    dispose: () => hooks.onInvoicePaid(HOOK, async () => undefined),
  };
}

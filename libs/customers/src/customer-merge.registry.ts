import type { Prisma } from '@northstar/prisma';

type Tx = Prisma.TransactionClient;

/**
 * What other concerns do when two customers merge. Rows with a foreign key to
 * customers(id) are moved generically by the merge itself (quotes, appointments,
 * invoices… need nothing); register a hook for data keyed by customer id WITHOUT a
 * foreign key (derived scores, identity links, external systems). Hooks run inside
 * the merge transaction: throw to abort the merge.
 */
export interface CustomerMergeHook {
  name: string;
  reassign(fromId: string, toId: string, tx: Tx): Promise<number | void>;
}

const hooks = new Map<string, CustomerMergeHook>();

export function registerCustomerMergeHook(hook: CustomerMergeHook): void {
  hooks.set(hook.name, hook);
}

export function customerMergeHooks(): CustomerMergeHook[] {
  return [...hooks.values()];
}

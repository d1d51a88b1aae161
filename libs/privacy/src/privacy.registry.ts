import { Injectable } from '@nestjs/common';
import type { PrivacySubject } from './privacy-subject';
import type { TarEntry } from './tar';

export interface EraseResult {
  /** Rows (or keys, or files) deleted or anonymised. */
  affected: number;
  /** e.g. "retained: append-only legal record". */
  note?: string;
}

/**
 * One store's share of a customer's personal data. Export and erasure walk every
 * registered concern, so a store no concern claims is a store erasure misses:
 * the erase e2e test searches every Postgres table, ClickHouse table, Redis key and
 * stored file for the person afterwards, and checks every Postgres table is claimed.
 *
 *   registry.register({ name: 'quotes.quotes', tables: ['quotes'], export: (s) => …rows, erase: (s) => …, eraseOrder: 50 });
 */
export interface PrivacyConcern {
  /** Record kind; becomes `<name>.jsonl` in the export archive. [a-z0-9._-] */
  name: string;
  /** Postgres tables this concern answers for (the coverage check reads these). */
  tables?: string[];
  /** The rows held about the subject; a store of transient data only (queued jobs) has none to hand over. */
  export?(subject: PrivacySubject): Promise<unknown[]>;
  /** Files to put in the archive beside the rows (uploaded documents), under `files/`. */
  exportFiles?(subject: PrivacySubject): Promise<TarEntry[]>;
  erase(subject: PrivacySubject): Promise<EraseResult>;
  /** Lower runs first. Default 100. */
  eraseOrder?: number;
  /**
   * The concern holds what the subject is resolved from (the customer row, the identity
   * links). It runs only after every other concern succeeded: erasing it first would
   * leave a failed erasure unable to find the rest when run again.
   */
  identifiesSubject?: boolean;
}

@Injectable()
export class PrivacyRegistry {
  private readonly concerns = new Map<string, PrivacyConcern>();

  register(concern: PrivacyConcern): void {
    if (!/^[a-z0-9._-]{1,80}$/.test(concern.name)) throw new Error(`privacy concern name must match [a-z0-9._-]: ${concern.name}`);
    if (this.concerns.has(concern.name)) throw new Error(`privacy concern ${concern.name} is registered twice`);
    const claimed = this.tables();
    const twice = (concern.tables ?? []).filter((t) => claimed.has(t));
    if (twice.length) throw new Error(`privacy concern ${concern.name} claims tables another concern claims: ${twice.join(', ')}`);
    this.concerns.set(concern.name, concern);
  }

  list(): PrivacyConcern[] {
    return [...this.concerns.values()].sort((a, b) => (a.eraseOrder ?? 100) - (b.eraseOrder ?? 100) || a.name.localeCompare(b.name));
  }

  /** Postgres tables some concern answers for. */
  tables(): Set<string> {
    return new Set([...this.concerns.values()].flatMap((c) => c.tables ?? []));
  }
}

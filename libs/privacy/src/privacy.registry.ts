import { Injectable } from '@nestjs/common';

export interface EraseResult {
  /** Rows deleted or anonymised. */
  affected: number;
  /** e.g. "retained: append-only legal record". */
  note?: string;
}

/**
 * One concern's share of a customer's personal data. Each lib that stores
 * personal data registers one (in onModuleInit) so export and erasure cover it:
 *
 *   registry.register({ name: 'quotes', export: (id) => …rows, erase: (id) => …, eraseOrder: 50 });
 */
export interface PrivacyConcern {
  /** Record kind; becomes `<name>.jsonl` in the export archive. [a-z0-9._-] */
  name: string;
  export(customerId: string): Promise<unknown[]>;
  erase(customerId: string): Promise<EraseResult>;
  /**
   * Lower runs first. Concerns that need another's data to find what to erase
   * (ClickHouse resolves ids through identity links) run before it. Default 100.
   */
  eraseOrder?: number;
}

@Injectable()
export class PrivacyRegistry {
  private readonly concerns = new Map<string, PrivacyConcern>();

  register(concern: PrivacyConcern): void {
    if (!/^[a-z0-9._-]{1,80}$/.test(concern.name)) throw new Error(`privacy concern name must match [a-z0-9._-]: ${concern.name}`);
    if (this.concerns.has(concern.name)) throw new Error(`privacy concern ${concern.name} is registered twice`);
    this.concerns.set(concern.name, concern);
  }

  has(name: string): boolean {
    return this.concerns.has(name);
  }

  list(): PrivacyConcern[] {
    return [...this.concerns.values()].sort((a, b) => (a.eraseOrder ?? 100) - (b.eraseOrder ?? 100) || a.name.localeCompare(b.name));
  }
}

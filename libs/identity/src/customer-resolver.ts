import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';

export interface ResolveRequest {
  userId: string;
  /** From identify traits, when the message carried one. */
  email?: string;
}

export interface Resolution {
  customerId: string;
  by: 'id' | 'email' | 'id-shape';
}

/**
 * Links a Segment userId to a Postgres customer. Written against this interface so
 * the customers concern can plug its own lookup (provide CUSTOMER_RESOLVER).
 */
export interface CustomerResolver {
  resolve(requests: ResolveRequest[]): Promise<Map<string, Resolution>>;
}

export const CUSTOMER_RESOLVER = Symbol('CUSTOMER_RESOLVER');

/** cuid (v1) shape: what Prisma's @default(cuid()) mints for Customer.id. */
export const CUSTOMER_ID_SHAPE = /^c[a-z0-9]{20,31}$/;

/**
 * Default resolver. When a customers table exists (Customer model, `customers` or
 * `Customer`), a userId resolves if it is a customer id, or if it (or the identify
 * email) matches a customer's email. Until that table exists, a userId that has
 * the shape of a customer id is taken as one — the link is recorded with
 * via 'id-shape' so it stays explainable.
 */
@Injectable()
export class PostgresCustomerResolver implements CustomerResolver {
  private readonly logger = new Logger('CustomerResolver');
  private table?: { name: string | null; checkedAt: number };

  constructor(private readonly prisma: PrismaService) {}

  private async customersTable(): Promise<string | null> {
    if (this.table && Date.now() - this.table.checkedAt < 60_000) return this.table.name;
    let name: string | null = null;
    try {
      const rows = await this.prisma.$queryRawUnsafe<{ t: string | null }[]>(
        `SELECT COALESCE(to_regclass('public.customers')::text, to_regclass('public."Customer"')::text) AS t`,
      );
      name = rows[0]?.t ?? null;
    } catch (e) {
      this.logger.warn(`customers table lookup failed: ${(e as Error).message}`);
    }
    this.table = { name, checkedAt: Date.now() };
    return name;
  }

  async resolve(requests: ResolveRequest[]): Promise<Map<string, Resolution>> {
    const out = new Map<string, Resolution>();
    if (!requests.length) return out;
    const table = await this.customersTable();
    if (!table) {
      for (const r of requests) if (CUSTOMER_ID_SHAPE.test(r.userId)) out.set(r.userId, { customerId: r.userId, by: 'id-shape' });
      return out;
    }
    const ids = [...new Set(requests.map((r) => r.userId))];
    const emails = [
      ...new Set(
        requests.flatMap((r) => [r.email, r.userId.includes('@') ? r.userId : undefined]).filter((e): e is string => !!e).map((e) => e.toLowerCase()),
      ),
    ];
    // The table name comes from to_regclass (a catalog identifier), never from input.
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; email: string | null }[]>(
      `SELECT id, email FROM ${table} WHERE id = ANY($1::text[]) OR lower(email) = ANY($2::text[])`,
      ids,
      emails,
    );
    const byId = new Map(rows.map((r) => [r.id, r.id]));
    const byEmail = new Map(rows.filter((r) => r.email).map((r) => [r.email!.toLowerCase(), r.id]));
    for (const r of requests) {
      if (byId.has(r.userId)) out.set(r.userId, { customerId: r.userId, by: 'id' });
      else {
        const email = (r.email ?? (r.userId.includes('@') ? r.userId : '')).toLowerCase();
        const id = email ? byEmail.get(email) : undefined;
        if (id) out.set(r.userId, { customerId: id, by: 'email' });
      }
    }
    return out;
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { PrivacyRegistry } from '../privacy.registry';
import type { PrivacySubject } from '../privacy-subject';
import { bindRows } from './table-rule';
import { POSTGRES_TABLES } from './tables';

/**
 * Who read or changed the customer's records (the audit trail about them), so the
 * export answers "who accessed my data": rows naming the customer or any of their
 * records (quotes, invoices, tickets…), directly or among the ids a list returned.
 * Not erased: the trail is an append-only legal record (a trigger refuses UPDATE and
 * DELETE) and holds record ids, staff identities and addresses, never request fields.
 */
@Injectable()
export class AuditPrivacyConcern implements OnModuleInit {
  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit() {
    this.registry.register({
      name: 'audit.access_log',
      tables: ['audit_log'],
      eraseOrder: 1000,
      export: (s) => this.export(s),
      erase: async () => ({ affected: 0, note: 'retained: append-only audit record (ids only, no personal fields)' }),
    });
  }

  private async export(s: PrivacySubject): Promise<unknown[]> {
    const ids = await this.recordIds(s);
    return this.prisma.$queryRaw`
      SELECT id::text AS id, at, "actorType", "actorLabel", action, "resourceType", "resourceId", status
        FROM audit_log WHERE "resourceId" = ANY(${ids}) OR jsonb_exists_any(metadata->'ids', ${ids}) ORDER BY id`;
  }

  /** The ids of every row the subject has in a table with an `id` column (their customers, quotes, invoices, tickets…). */
  private async recordIds(s: PrivacySubject): Promise<string[]> {
    const withId = await this.prisma.$queryRaw<{ t: string }[]>`
      SELECT table_name AS t FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'`;
    const tables = new Set(withId.map((r) => r.t));
    const ids = new Set(s.customerIds);
    for (const rule of POSTGRES_TABLES.filter((r) => tables.has(r.table))) {
      const { where, params } = bindRows(rule, s);
      const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM "${rule.table}" WHERE ${where}`, ...params);
      rows.forEach((r) => ids.add(r.id));
    }
    return [...ids];
  }
}

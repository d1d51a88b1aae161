import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { PrivacyRegistry } from '../privacy.registry';

/**
 * Who read or changed the customer's records (the audit trail about them), so the
 * export answers "who accessed my data". Not erased: the trail is an append-only
 * legal record (a trigger refuses UPDATE and DELETE) and holds record ids, staff
 * identities and addresses, never the fields of a request.
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
      export: async (s) => {
        const rows = await this.prisma.auditLog.findMany({
          where: { resourceType: 'customer', resourceId: { in: s.customerIds } },
          orderBy: { id: 'asc' },
          select: { id: true, at: true, actorType: true, actorLabel: true, action: true, status: true },
        });
        return rows.map((r) => ({ ...r, id: r.id.toString() }));
      },
      erase: async () => ({ affected: 0, note: 'retained: append-only audit record (ids only, no personal fields)' }),
    });
  }
}

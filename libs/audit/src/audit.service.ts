import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, type Prisma } from '@northstar/prisma';
import { actorLabel, type Actor } from '@northstar/access';
import { printable } from '@northstar/http';

export interface AuditEntry {
  actor: Actor;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  status?: number;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  metadata?: Record<string, unknown>;
}

export interface AuditFilter {
  actorType?: string;
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  /** Return rows with id below this cursor (newest first). */
  before?: string;
  limit?: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadata: unknown;
}

/** Refused requests are audited too, and their ids and field names may hold characters PostgreSQL will not store (NUL). */
const storable = (v: unknown): unknown =>
  typeof v === 'string'
    ? printable(v)
    : Array.isArray(v)
      ? v.map(storable)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [printable(k), storable(x)]))
        : v;

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly prisma: PrismaService) {}

  async record(e: AuditEntry): Promise<void> {
    try {
      await this.prisma.auditLog.create({
        data: {
          ...actorLabel(e.actor),
          action: e.action.slice(0, 200),
          resourceType: e.resourceType ?? null,
          resourceId: e.resourceId ? printable(e.resourceId.slice(0, 200)) : null,
          status: e.status ?? null,
          ip: e.ip?.slice(0, 64) ?? null,
          userAgent: e.userAgent?.slice(0, 512) ?? null,
          requestId: e.requestId?.slice(0, 64) ?? null,
          metadata: (e.metadata ? storable(e.metadata) : undefined) as Prisma.InputJsonValue | undefined,
        },
      });
    } catch (err) {
      // The change already happened; failing the response now would make the client retry it.
      this.logger.error({ err: (err as Error).message, action: e.action }, 'audit write failed');
    }
  }

  async query(f: AuditFilter): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    const where: Prisma.AuditLogWhereInput = {
      ...(f.actorType ? { actorType: f.actorType } : {}),
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(f.action ? { action: { contains: f.action } } : {}),
      ...(f.resourceType ? { resourceType: f.resourceType } : {}),
      ...(f.resourceId ? { resourceId: f.resourceId } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
      ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
    };
    const rows = await this.prisma.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 });
    const page = rows.slice(0, limit).map((r) => ({ ...r, id: r.id.toString() }));
    return { items: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }
}

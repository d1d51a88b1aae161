import { Injectable } from '@nestjs/common';
import { PrismaService, type HealthBand } from '@northstar/prisma';

export type TaskAction =
  | { action: 'acknowledge'; note?: string }
  | { action: 'assign'; assignee: string; note?: string }
  | { action: 'snooze'; until: Date; note?: string }
  | { action: 'resolve'; resolution: string; note?: string };

export class TaskTransitionError extends Error {}

const ALLOWED: Record<string, string[]> = {
  acknowledge: ['open', 'snoozed'],
  assign: ['open', 'acknowledged', 'snoozed'],
  snooze: ['open', 'acknowledged'],
  resolve: ['open', 'acknowledged', 'snoozed'],
};

/**
 * The at-risk desk: who needs attention, why, and the customer-success tasks
 * created for them. Risk is the larger of churn probability and health deficit
 * ((100 − score) / 100); ties are broken by value (12-month revenue).
 */
@Injectable()
export class DeskService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * By default customers already lost — segment lifecycle stage 'inactive' (no
   * interaction for 180+ days) or customer stage 'churned' — are left out: they are
   * win-back material, not the morning's retention work. `includeInactive` keeps them.
   */
  async atRisk(opts: { limit?: number; offset?: number; minChurn?: number; includeInactive?: boolean } = {}) {
    const rows = await this.prisma.$queryRawUnsafe<
      {
        customerId: string;
        customerName: string | null;
        score: number | null;
        band: HealthBand | null;
        trend: string | null;
        components: { key: string; value: number; contribution: number; reasons: string[] }[] | null;
        missing: string[] | null;
        probability: number | null;
        drivers: { text: string; contribution: number }[] | null;
        pAlive: number | null;
        monetaryMinor: string | null;
        valueTier: string | null;
        risk: number;
      }[]
    >(
      `WITH cand AS (
         SELECT "subjectId" AS id FROM health_scores WHERE "subjectType" = 'customer' AND band IN ('yellow', 'red')
         UNION SELECT "customerId" FROM churn_scores WHERE probability >= $3
       )
       SELECT c.id AS "customerId", cu.name AS "customerName", h.score, h.band::text AS band, h.trend, h.components, h.missing,
              s.probability, s.drivers, s."pAlive", p."monetaryMinor"::text AS "monetaryMinor", p."valueTier",
              greatest(coalesce(s.probability, 0), coalesce((100 - h.score) / 100.0, 0)) AS risk
       FROM cand c
       LEFT JOIN health_scores h ON h."subjectType" = 'customer' AND h."subjectId" = c.id
       LEFT JOIN churn_scores s ON s."customerId" = c.id
       LEFT JOIN customer_segment_profiles p ON p."customerId" = c.id
       -- scores may exist for ids with no customer row (imports, benchmarks): the name is then null
       LEFT JOIN customers cu ON cu.id = c.id
       WHERE $4::boolean OR (coalesce(p."lifecycleStage", '') <> 'inactive' AND coalesce(cu."lifecycleStage"::text, '') <> 'churned')
       ORDER BY risk DESC, coalesce(p."monetaryMinor", 0) DESC, c.id
       LIMIT $1 OFFSET $2`,
      opts.limit ?? 50,
      opts.offset ?? 0,
      opts.minChurn ?? 0.5,
      opts.includeInactive ?? false,
    );
    const ids = rows.map((r) => r.customerId);
    const [firings, tasks] = await Promise.all([
      this.prisma.interventionFiring.findMany({
        where: { customerId: { in: ids }, firedAt: { gte: new Date(Date.now() - 30 * 86_400_000) } },
        orderBy: { firedAt: 'desc' },
      }),
      this.prisma.csTask.findMany({ where: { customerId: { in: ids }, status: { not: 'resolved' } }, orderBy: { dueAt: 'asc' } }),
    ]);
    return rows.map((r) => ({
      customerId: r.customerId,
      customerName: r.customerName,
      risk: Math.round(Number(r.risk) * 1000) / 1000,
      value: { monetaryMinor12m: r.monetaryMinor === null ? null : Number(r.monetaryMinor), tier: r.valueTier },
      health: r.score === null ? null : { score: r.score, band: r.band, trend: r.trend, missing: r.missing },
      churn: r.probability === null ? null : { probability: r.probability, pAlive: r.pAlive },
      reasons: {
        health: (r.components ?? []).filter((c) => c.reasons.length).map((c) => ({ component: c.key, value: c.value, reasons: c.reasons })),
        churnDrivers: (r.drivers ?? []).map((d) => d.text),
        triggers: firings.filter((f) => f.customerId === r.customerId).map((f) => ({ ruleId: f.ruleId, firedAt: f.firedAt, reason: f.reason, heldOut: f.heldOut })),
      },
      openTasks: tasks.filter((t) => t.customerId === r.customerId),
    }));
  }

  async tasks(filter: { status?: string; assignee?: string; customerId?: string; limit?: number }) {
    const tasks = await this.prisma.csTask.findMany({
      where: { status: filter.status, assignee: filter.assignee, customerId: filter.customerId },
      orderBy: { dueAt: 'asc' },
      take: filter.limit ?? 100,
      include: { history: { orderBy: { id: 'asc' } } },
    });
    const names = new Map(
      (await this.prisma.customer.findMany({ where: { id: { in: [...new Set(tasks.map((t) => t.customerId))] } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]),
    );
    return tasks.map((t) => ({ ...t, customerName: names.get(t.customerId) ?? null, history: t.history.map((h) => ({ ...h, id: String(h.id) })) }));
  }

  /** Applies an action with a status-history row; refuses transitions that make no sense (e.g. resolving twice). */
  async act(taskId: string, a: TaskAction, actor: string) {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ status: string }[]>(`SELECT status FROM cs_tasks WHERE id = $1 FOR UPDATE`, taskId);
      if (!rows.length) return null;
      const from = rows[0].status;
      if (!ALLOWED[a.action].includes(from)) throw new TaskTransitionError(`cannot ${a.action} a task that is ${from}`);
      const to = a.action === 'acknowledge' ? 'acknowledged' : a.action === 'snooze' ? 'snoozed' : a.action === 'resolve' ? 'resolved' : from === 'open' ? 'acknowledged' : from;
      await tx.csTask.update({
        where: { id: taskId },
        data: {
          status: to,
          ...(a.action === 'assign' ? { assignee: a.assignee } : {}),
          ...(a.action === 'snooze' ? { snoozedUntil: a.until } : {}),
          ...(a.action === 'resolve' ? { resolution: a.resolution } : {}),
        },
      });
      await tx.csTaskStatusChange.create({
        data: { taskId, from, to, actor, note: a.note ?? (a.action === 'assign' ? `assigned to ${a.assignee}` : a.action === 'resolve' ? a.resolution : null) },
      });
      return tx.csTask.findUnique({ where: { id: taskId }, include: { history: { orderBy: { id: 'asc' } } } });
    });
  }

  /** Snoozed tasks whose time has come are open again. */
  async wakeSnoozed(now = new Date()): Promise<number> {
    const woke = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE cs_tasks SET status = 'open', "snoozedUntil" = NULL, "updatedAt" = $1 WHERE status = 'snoozed' AND "snoozedUntil" <= $1 RETURNING id`,
      now,
    );
    if (woke.length) await this.prisma.csTaskStatusChange.createMany({ data: woke.map((w) => ({ taskId: w.id, from: 'snoozed', to: 'open', actor: 'system', at: now })) });
    return woke.length;
  }
}

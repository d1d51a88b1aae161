import type { AnalyticsCacheService } from '@northstar/analytics';
import type { PrismaService } from '@northstar/prisma';

/**
 * Result cache for the management view's intelligence reads (health distribution,
 * segment sizes), in the analytics cache (Redis, single-flight, computes without it
 * when Redis is down). Their data changes only when health / segment rows are written,
 * not with every event, so the version is not the events' data version but the newest
 * row id of the tables each read (ids only grow and these rows are never deleted):
 * any write that lands a row advances it, and the next request recomputes.
 */
export class IntelligenceCache {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cache?: AnalyticsCacheService,
  ) {}

  /** Newest health history row: every health run that moves a score or band adds one. */
  async healthVersion(): Promise<number> {
    const [r] = await this.prisma.$queryRawUnsafe<{ v: string | null }[]>(`SELECT max(id)::text AS v FROM health_score_history`);
    return Number(r?.v ?? 0);
  }

  /**
   * Newest membership + newest size snapshot: an entry adds a membership row; members
   * leave only in the segments recompute, which also writes size snapshots (unless no
   * membership at all stays open).
   */
  async segmentsVersion(): Promise<number> {
    const [r] = await this.prisma.$queryRawUnsafe<{ v: string | null }[]>(
      `SELECT (coalesce((SELECT max(id) FROM segment_memberships), 0) + coalesce((SELECT max(id) FROM segment_size_snapshots), 0))::text AS v`,
    );
    return Number(r?.v ?? 0);
  }

  async serve<T>(kind: string, material: unknown, version: () => Promise<number>, compute: () => Promise<T>): Promise<T> {
    if (!this.cache) return compute();
    const served = await this.cache.serve(kind, material, compute, { version: await version() });
    return served.value;
  }
}

/** The local date in `timeZone`: the distribution's last bucket depends on "now" only through it. */
export function localDate(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

import { Injectable, Logger } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleEvent, chTime } from '@northstar/contracts';
import { RESPONSE_EVENTS } from '@northstar/health';
import { LifecycleTransaction } from '@northstar/outbox';
import { PrismaService } from '@northstar/prisma';
import { insertLogs, InterventionActions, messageKey } from './intervention-actions.service';
import { ActionSchema, TriggerSchema, type Action, type NurtureStepDef, type Trigger } from './rule.schema';
import { respondedSql, signalsSql, type CustomerSignals } from './signals.sql';
import { evaluateTrigger, inHoldout, windowStartOf, type CustomerState } from './trigger-eval';

const DAY = 86_400_000;

export interface EvaluationSummary {
  rules: number;
  customers: number;
  matched: number;
  fired: number;
  heldOut: number;
  skippedCooldown: number;
  waitingHold: number;
  ms: number;
  /** Where the time went: inputs (ClickHouse + Postgres reads), firing inserts, actions. */
  phases: { inputs: number; fire: number; actions: number };
}

interface Candidate {
  customerId: string;
  reason: string;
  band: string | null;
  score: number | null;
}

/**
 * Evaluates every enabled rule against every customer and fires interventions.
 *
 * Exactly-once: a firing is an INSERT … ON CONFLICT DO NOTHING on the unique key
 * (ruleId, customerId, windowStart), where windowStart is the fixed cooldown bucket
 * of the evaluation time. Two workers evaluating at once compute the same key; the
 * second insert waits for the first transaction and is skipped, so only the worker
 * whose row went in runs the actions. The firing, its audit-log row and the
 * InterventionFired outbox event commit together.
 */
@Injectable()
export class InterventionEngine {
  private readonly logger = new Logger('Interventions');

  constructor(
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly actions: InterventionActions,
  ) {}

  async signals(asOf: Date, ids?: string[]): Promise<CustomerSignals[]> {
    const client = await this.clickhouse.analytics();
    const rs = await client.query({
      query: signalsSql({ restrictToIds: ids !== undefined }),
      query_params: { asOf: chTime(asOf), ...(ids ? { ids } : {}) },
      format: 'JSONEachRow',
    });
    return rs.json<CustomerSignals>();
  }

  async states(now: Date, needs: { signals: boolean; health: boolean; churn: boolean }): Promise<Map<string, CustomerState>> {
    const states = new Map<string, CustomerState>();
    const get = (id: string) => {
      let s = states.get(id);
      if (!s) states.set(id, (s = {}));
      return s;
    };
    const [signals, health, churn] = await Promise.all([
      needs.signals ? this.signals(now) : Promise.resolve([]),
      needs.health
        ? this.prisma.$queryRawUnsafe<{ id: string; score: number; band: string; previousBand: string | null; bandSince: Date }[]>(
            `SELECT "subjectId" AS id, score, band::text AS band, "previousBand"::text AS "previousBand", "bandSince" FROM health_scores WHERE "subjectType" = 'customer'`,
          )
        : Promise.resolve([]),
      needs.churn ? this.prisma.$queryRawUnsafe<{ id: string; probability: number }[]>(`SELECT "customerId" AS id, probability FROM churn_scores`) : Promise.resolve([]),
    ]);
    for (const s of signals) get(s.customer_id).signals = s;
    for (const h of health) get(h.id).health = { ...h, components: null };
    for (const c of churn) get(c.id).churn = { probability: c.probability, drivers: null };
    return states;
  }

  async evaluate(now = new Date()): Promise<EvaluationSummary> {
    const started = Date.now();
    const rules = await this.prisma.interventionRule.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' } });
    const triggers = rules.map((r) => TriggerSchema.parse(r.trigger));
    const needs = {
      signals: triggers.some((t) => !['health_band', 'churn_risk'].includes(t.type)),
      health: true,
      churn: triggers.some((t) => t.type === 'churn_risk'),
    };
    const states = rules.length ? await this.states(now, needs) : new Map<string, CustomerState>();
    const phases = { inputs: Date.now() - started, fire: 0, actions: 0 };
    const summary: EvaluationSummary = { rules: rules.length, customers: states.size, matched: 0, fired: 0, heldOut: 0, skippedCooldown: 0, waitingHold: 0, ms: 0, phases };

    for (const [i, rule] of rules.entries()) {
      const trigger = triggers[i];
      const actions = (rule.actions as unknown[]).map((a) => ActionSchema.parse(a));
      let candidates: Candidate[] = [];
      for (const [customerId, s] of states) {
        const r = evaluateTrigger(trigger, s);
        if (r.matched) candidates.push({ customerId, reason: r.reason!, band: s.health?.band ?? null, score: s.health?.score ?? null });
      }
      summary.matched += candidates.length;
      if (rule.holdForDays > 0) {
        const before = candidates.length;
        candidates = await this.applyHold(rule.id, rule.holdForDays, candidates, now);
        summary.waitingHold += before - candidates.length;
      }
      if (candidates.length === 0) continue;
      const recent = await this.prisma.$queryRawUnsafe<{ customerId: string }[]>(
        `SELECT DISTINCT "customerId" FROM intervention_firings WHERE "ruleId" = $1 AND "firedAt" > $2::timestamptz AND "customerId" = ANY($3::text[])`,
        rule.id,
        new Date(now.getTime() - rule.cooldownDays * DAY),
        candidates.map((c) => c.customerId),
      );
      const cooling = new Set(recent.map((r) => r.customerId));
      const due = candidates.filter((c) => !cooling.has(c.customerId));
      summary.skippedCooldown += candidates.length - due.length;
      for (let k = 0; k < due.length; k += 2000) {
        let t = Date.now();
        const fired = await this.fire(rule, trigger, due.slice(k, k + 2000), now);
        phases.fire += Date.now() - t;
        t = Date.now();
        summary.fired += fired.length;
        const treated = fired.filter((f) => !f.heldOut);
        summary.heldOut += fired.length - treated.length;
        await this.actions.runMany(
          treated.map((f) => ({ firingId: f.id, ruleId: rule.id, ruleName: rule.name, customerId: f.customerId, reason: f.reason, band: f.band, firedAt: now })),
          actions,
        );
        phases.actions += Date.now() - t;
      }
    }
    summary.ms = Date.now() - started;
    this.logger.log(`interventions evaluated: ${JSON.stringify(summary)}`);
    return summary;
  }

  /** Keeps "since when does the trigger hold" per customer; returns those for whom it held long enough. */
  private async applyHold(ruleId: string, holdForDays: number, candidates: Candidate[], now: Date): Promise<Candidate[]> {
    const ids = candidates.map((c) => c.customerId);
    await this.prisma.$executeRawUnsafe(
      `DELETE FROM intervention_condition_states WHERE "ruleId" = $1 AND NOT ("customerId" = ANY($2::text[]))`,
      ruleId,
      ids,
    );
    const rows = await this.prisma.$queryRawUnsafe<{ customerId: string; since: Date }[]>(
      `WITH ins AS (
         INSERT INTO intervention_condition_states ("ruleId", "customerId", since)
         SELECT $1, unnest($2::text[]), $3::timestamptz
         ON CONFLICT ("ruleId", "customerId") DO NOTHING
       )
       SELECT "customerId", since FROM intervention_condition_states WHERE "ruleId" = $1 AND "customerId" = ANY($2::text[])`,
      ruleId,
      ids,
      now,
    );
    // Rows inserted by this statement are not visible to its own SELECT: they started now.
    const since = new Map(rows.map((r) => [r.customerId, r.since.getTime()]));
    return candidates.filter((c) => now.getTime() - (since.get(c.customerId) ?? now.getTime()) >= holdForDays * DAY);
  }

  private async fire(
    rule: { id: string; name: string; cooldownDays: number; holdoutShare: number },
    trigger: Trigger,
    due: Candidate[],
    now: Date,
  ): Promise<{ id: string; customerId: string; heldOut: boolean; reason: string; band: string | null }[]> {
    const windowStart = windowStartOf(now, rule.cooldownDays);
    const rows = due.map((c) => ({
      customerId: c.customerId,
      heldOut: inHoldout(rule.id, c.customerId, rule.holdoutShare),
      reason: { trigger: trigger.type, text: c.reason },
      scoreAtFire: c.score,
      bandAtFire: c.band,
    }));
    const byId = new Map(due.map((c) => [c.customerId, c]));
    return this.lifecycle.run(
      async (tx, emit) => {
        const inserted = await tx.$queryRawUnsafe<{ id: string; customerId: string; heldOut: boolean }[]>(
          `INSERT INTO intervention_firings (id, "ruleId", "customerId", "windowStart", "firedAt", "heldOut", reason, "scoreAtFire", "bandAtFire")
           SELECT 'if_' || md5(random()::text || clock_timestamp()::text || x."customerId"), $2, x."customerId", $3::timestamptz, $4::timestamptz,
                  x."heldOut", x.reason, x."scoreAtFire", x."bandAtFire"
           FROM jsonb_to_recordset($1::jsonb) AS x("customerId" text, "heldOut" boolean, reason jsonb, "scoreAtFire" int, "bandAtFire" text)
           ON CONFLICT ("ruleId", "customerId", "windowStart") DO NOTHING
           RETURNING id, "customerId", "heldOut"`,
          JSON.stringify(rows),
          rule.id,
          windowStart,
          now,
        );
        await insertLogs(
          tx,
          inserted.map((f) => ({
            firingId: f.id,
            customerId: f.customerId,
            kind: f.heldOut ? 'fired.held_out' : 'fired',
            detail: { ruleId: rule.id, ruleName: rule.name, reason: byId.get(f.customerId)!.reason, windowStart: windowStart.toISOString() },
            at: now,
          })),
        );
        for (const f of inserted) {
          emit({
            name: LifecycleEvent.InterventionFired,
            aggregateType: 'intervention_firing',
            aggregateId: f.id,
            customerId: f.customerId,
            properties: { ruleId: rule.id, ruleName: rule.name, trigger: trigger.type, heldOut: f.heldOut, reason: byId.get(f.customerId)!.reason },
            occurredAt: now,
          });
        }
        return inserted.map((f) => ({ ...f, reason: byId.get(f.customerId)!.reason, band: byId.get(f.customerId)!.band }));
      },
      { allowNoEvents: true },
    );
  }

  /** Runs due nurture steps; stops sequences of customers who responded since they were enrolled. */
  async nurtureTick(now = new Date()): Promise<{ sent: number; stopped: number; completed: number }> {
    const due = await this.prisma.nurtureEnrollment.findMany({ where: { status: 'active', nextAt: { lte: now } }, orderBy: { nextAt: 'asc' }, take: 1000 });
    const result = { sent: 0, stopped: 0, completed: 0 };
    if (due.length === 0) return result;
    const since = new Date(Math.min(...due.map((d) => d.enrolledAt.getTime())));
    const client = await this.clickhouse.analytics();
    const rs = await client.query({
      query: respondedSql(RESPONSE_EVENTS),
      query_params: { ids: [...new Set(due.map((d) => d.customerId))], since: chTime(since) },
      format: 'JSONEachRow',
    });
    const responded = new Map((await rs.json<{ customer_id: string; last_response: string }>()).map((r) => [r.customer_id, new Date(`${r.last_response.replace(' ', 'T')}Z`)]));
    for (const e of due) {
      const last = responded.get(e.customerId);
      if (last && last.getTime() > e.enrolledAt.getTime()) {
        // Guarded update: two ticks racing cannot both act on the same step.
        const n = await this.prisma.nurtureEnrollment.updateMany({ where: { id: e.id, status: 'active', nextStep: e.nextStep }, data: { status: 'stopped', stopReason: 'responded' } });
        if (n.count) {
          result.stopped++;
          await this.actions.log(e.firingId, e.customerId, 'nurture.stopped', { enrollmentId: e.id, sequenceKey: e.sequenceKey, reason: 'responded', respondedAt: last.toISOString() });
        }
        continue;
      }
      const steps = e.steps as unknown as NurtureStepDef[];
      const step = steps[e.nextStep];
      const next = steps[e.nextStep + 1];
      const claim = await this.prisma.nurtureEnrollment.updateMany({
        where: { id: e.id, status: 'active', nextStep: e.nextStep },
        data: next
          ? { nextStep: e.nextStep + 1, nextAt: new Date(e.enrolledAt.getTime() + next.afterHours * 3_600_000) }
          : { nextStep: e.nextStep + 1, status: 'completed' },
      });
      if (!claim.count) continue;
      const r = await this.actions
        .sendMessage({ customerId: e.customerId, reason: e.sequenceKey, ruleName: e.sequenceKey, firingId: e.firingId ?? e.id }, step.channel, step.template, step.subject, messageKey('nurture', e.id, e.nextStep))
        .catch((err: Error) => ({ error: err.message }));
      await this.actions.log(e.firingId, e.customerId, 'nurture.step', { enrollmentId: e.id, sequenceKey: e.sequenceKey, step: e.nextStep, ...r });
      result.sent++;
      if (!next) result.completed++;
    }
    return result;
  }

  /** Outcome 30 days after firing: did health recover (green again, or +10 points)? */
  async outcomesTick(now = new Date(), afterDays = 30): Promise<{ recovered: number; notRecovered: number }> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; recovered: boolean; customerId: string; score: number | null }[]>(
      `WITH due AS (
         SELECT f.id, f."customerId", f."scoreAtFire", h.score, h.band::text AS band
         FROM intervention_firings f LEFT JOIN health_scores h ON h."subjectType" = 'customer' AND h."subjectId" = f."customerId"
         WHERE f.outcome = 'pending' AND f."firedAt" <= $1::timestamptz - make_interval(days => $2)
       ), upd AS (
         UPDATE intervention_firings f
         SET outcome = CASE WHEN d.band = 'green' OR (d.score IS NOT NULL AND d."scoreAtFire" IS NOT NULL AND d.score >= d."scoreAtFire" + 10) THEN 'recovered' ELSE 'not_recovered' END,
             "outcomeAt" = $1::timestamptz
         FROM due d WHERE f.id = d.id
         RETURNING f.id, f."customerId", f.outcome = 'recovered' AS recovered, d.score
       )
       SELECT * FROM upd`,
      now,
      afterDays,
    );
    if (rows.length) {
      await this.prisma.interventionLog.createMany({
        data: rows.map((r) => ({ firingId: r.id, customerId: r.customerId, kind: 'outcome', detail: { recovered: r.recovered, scoreNow: r.score }, at: now })),
      });
    }
    const recovered = rows.filter((r) => r.recovered).length;
    return { recovered, notRecovered: rows.length - recovered };
  }

  /** Recovery rate of treated vs held-out customers per rule: the measured uplift. */
  async uplift() {
    const rows = await this.prisma.$queryRawUnsafe<{ ruleId: string; heldOut: boolean; n: number; recovered: number }[]>(
      `SELECT "ruleId", "heldOut", count(*)::int AS n, count(*) FILTER (WHERE outcome = 'recovered')::int AS recovered
       FROM intervention_firings WHERE outcome <> 'pending' GROUP BY "ruleId", "heldOut"`,
    );
    const byRule = new Map<string, { treated?: { n: number; rate: number }; heldOut?: { n: number; rate: number } }>();
    for (const r of rows) {
      const e = byRule.get(r.ruleId) ?? {};
      e[r.heldOut ? 'heldOut' : 'treated'] = { n: r.n, rate: r.n ? r.recovered / r.n : 0 };
      byRule.set(r.ruleId, e);
    }
    return [...byRule].map(([ruleId, e]) => ({
      ruleId,
      ...e,
      uplift: e.treated && e.heldOut ? Math.round((e.treated.rate - e.heldOut.rate) * 1000) / 1000 : null,
    }));
  }
}

export type { Action };

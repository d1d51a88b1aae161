import { Injectable, Logger } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { chTime } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import { queryArrow, type ColumnData } from './arrow-reader';
import { bgnbdLogLikelihood, fitBgNbd, pAlive, type BgNbdParams, type RfmObservation } from './bgnbd';
import { topDrivers, type Driver } from './churn-drivers';
import { churnFeaturesSql, churnLabelsSql } from './churn-features.sql';
import { applyPrep, fitPrep, type PrepSpec } from './feature-prep';
import { fitLogistic, fitPlatt, logit, sigmoid } from './logistic';
import { auc, calibrationTable, expectedCalibrationError, topDecileLift } from './metrics';

const DAY = 86_400_000;

export interface StoredChurnModel {
  prep: PrepSpec;
  weights: number[];
  intercept: number;
  platt: { a: number; b: number };
  bgnbd: BgNbdParams | null;
}

export interface Dataset {
  rows: number;
  columns: ColumnData;
  ids: string[];
  y: Uint8Array;
}

export function riskOf(p: number): 'low' | 'medium' | 'high' {
  return p >= 0.5 ? 'high' : p >= 0.2 ? 'medium' : 'low';
}

/** Every k-th row, at most `max` rows. */
function sampleColumns(ds: Dataset, max: number): ColumnData {
  if (ds.rows <= max) return ds.columns;
  const step = ds.rows / max;
  const idx = Array.from({ length: max }, (_, i) => Math.floor(i * step));
  const out: ColumnData = {};
  for (const [k, col] of Object.entries(ds.columns)) out[k] = idx.map((i) => (col as unknown[])[i]) as never;
  return out;
}

/** Appends datasets (several training cutoffs stacked). */
function concat(a: Dataset, b: Dataset): Dataset {
  const columns: ColumnData = {};
  for (const k of Object.keys(a.columns)) columns[k] = [...(a.columns[k] as unknown[]), ...((b.columns[k] ?? []) as unknown[])] as never;
  const y = new Uint8Array(a.rows + b.rows);
  y.set(a.y);
  y.set(b.y, a.rows);
  return { rows: a.rows + b.rows, columns, ids: [...a.ids, ...b.ids], y };
}

/**
 * Churn = no interaction at all within the horizon after a cutoff. Training is
 * strictly time-split: features at cutoff T use only events before T, labels
 * only (T, T+h]. Cutoffs, newest first: test = now−h, calibration = now−2h,
 * training = now−3h and now−4h. Each window's labels end at or before the next
 * window's cutoff, so nothing the model is fitted or calibrated on comes from
 * the period it is tested on.
 */
@Injectable()
export class ChurnService {
  private readonly logger = new Logger('Churn');
  horizonDays = 90;
  /** Customers silent for longer than this at a cutoff are already gone, not "at risk". */
  activeWithinDays = 180;

  constructor(
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
  ) {}

  async features(asOf: Date, opts: { ids?: string[]; activeWithinDays?: number } = {}): Promise<{ rows: number; columns: ColumnData }> {
    const client = await this.clickhouse.analytics();
    return queryArrow(client, churnFeaturesSql({ restrictToIds: opts.ids !== undefined }), {
      asOf: chTime(asOf),
      activeWithinDays: opts.activeWithinDays ?? this.activeWithinDays,
      ...(opts.ids ? { ids: opts.ids } : {}),
    });
  }

  async dataset(asOf: Date, horizonDays = this.horizonDays): Promise<Dataset> {
    const f = await this.features(asOf);
    const client = await this.clickhouse.analytics();
    const rs = await client.query({ query: churnLabelsSql(), query_params: { asOf: chTime(asOf), horizonDays }, format: 'JSONEachRow' });
    const active = new Set((await rs.json<{ customer_id: string; active: number }>()).filter((r) => Number(r.active) === 1).map((r) => r.customer_id));
    const ids = (f.columns.customer_id ?? []) as string[];
    const y = new Uint8Array(f.rows);
    for (let i = 0; i < f.rows; i++) y[i] = active.has(ids[i]) ? 0 : 1;
    return { rows: f.rows, columns: f.columns, ids, y };
  }

  async train(opts: { now?: Date; horizonDays?: number; activate?: boolean } = {}) {
    const started = Date.now();
    const now = opts.now ?? new Date();
    const h = opts.horizonDays ?? this.horizonDays;
    const at = (k: number) => new Date(now.getTime() - k * h * DAY);
    const cutoffs = { train: [at(4), at(3)], calibration: at(2), test: at(1) };
    const train = concat(await this.dataset(cutoffs.train[0], h), await this.dataset(cutoffs.train[1], h));
    const cal = await this.dataset(cutoffs.calibration, h);
    const test = await this.dataset(cutoffs.test, h);
    if (train.rows < 50 || test.rows < 20) {
      // A state of the data, not a fault: the HTTP caller gets a 409 that says so.
      throw ApiError.conflict('not_enough_history', `not enough history to train a churn model (train ${train.rows}, test ${test.rows} customers)`, { train: train.rows, test: test.rows });
    }

    const ms: Record<string, number> = { data: Date.now() - started };
    let t = Date.now();
    // Medians, means and stds are stable on a sample; danfo over hundreds of thousands of rows is slow.
    const prep = fitPrep(sampleColumns(train, 50_000));
    ms.prep = Date.now() - t;
    t = Date.now();
    const d = prep.names.length;
    const Xtr = applyPrep(train.columns, train.rows, prep);
    const fitted = fitLogistic(Xtr, train.rows, d, train.y, { l2: 1 });
    const Xcal = applyPrep(cal.columns, cal.rows, prep);
    const zCal = Array.from({ length: cal.rows }, (_, i) => logit(fitted, Xcal, i));
    const platt = fitPlatt(zCal, cal.y);
    const Xte = applyPrep(test.columns, test.rows, prep);
    const probs = Array.from({ length: test.rows }, (_, i) => sigmoid(platt.a * logit(fitted, Xte, i) + platt.b));
    const calibration = calibrationTable(probs, test.y);
    const aucTest = auc(probs, test.y);
    const lift = topDecileLift(probs, test.y);
    ms.fit = Date.now() - t;
    t = Date.now();

    // BG/NBD for non-contract (individual) customers, fitted on the test cutoff's purchase histories;
    // its AUC on the same holdout says whether it beats the classifier for them.
    const bgFit = this.fitBgNbdOn(test);
    const bgnbd = bgFit?.params ?? null;
    const individuals = test.ids.map((_, i) => i).filter((i) => (test.columns.customer_type as string[])[i] !== 'business' && Number((test.columns.bg_T as number[])[i]) > 0);
    const bgAuc = bgnbd && individuals.length > 20
      ? auc(individuals.map((i) => 1 - pAlive(bgnbd, this.obs(test.columns, i))), individuals.map((i) => test.y[i]))
      : null;
    ms.bgnbd = Date.now() - t;
    const clfAucIndividuals = individuals.length > 20 ? auc(individuals.map((i) => probs[i]), individuals.map((i) => test.y[i])) : null;

    const model: StoredChurnModel = { prep, weights: fitted.weights, intercept: fitted.intercept, platt, bgnbd };
    const metrics = {
      rows: { train: train.rows, calibration: cal.rows, test: test.rows },
      churnRate: { train: mean(train.y), calibration: mean(cal.y), test: mean(test.y) },
      iterations: fitted.iterations,
      expectedCalibrationError: expectedCalibrationError(calibration),
      bgnbd: bgFit ? { ...bgFit.params, logLikelihood: bgFit.ll, aucIndividuals: bgAuc, classifierAucIndividuals: clfAucIndividuals } : null,
      coefficients: Object.fromEntries(prep.names.map((n, j) => [n, round(fitted.weights[j], 4)])),
      trainingMs: Date.now() - started,
      ms,
    };
    const latest = await this.prisma.churnModel.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    const activate = opts.activate ?? true;
    const row = await this.prisma.$transaction(async (tx) => {
      if (activate) await tx.churnModel.updateMany({ where: { active: true }, data: { active: false } });
      return tx.churnModel.create({
        data: {
          version,
          horizonDays: h,
          cutoffs: { train: cutoffs.train.map((c) => c.toISOString()), calibration: cutoffs.calibration.toISOString(), test: cutoffs.test.toISOString() },
          model: model as never,
          auc: round(aucTest, 4),
          topDecileLift: round(lift, 3),
          calibration: calibration as never,
          metrics: metrics as never,
          active: activate,
        },
      });
    });
    this.logger.log(`churn model v${version}: AUC ${row.auc}, lift ${row.topDecileLift}, ${metrics.trainingMs} ms`);
    return row;
  }

  private obs(columns: ColumnData, i: number): RfmObservation {
    return { x: Number((columns.bg_x as number[])[i]), tx: Number((columns.bg_tx as number[])[i]), T: Number((columns.bg_T as number[])[i]) };
  }

  private fitBgNbdOn(ds: Dataset): { params: BgNbdParams; ll: number } | null {
    const obs: RfmObservation[] = [];
    const step = Math.max(1, Math.floor(ds.rows / 5_000));
    for (let i = 0; i < ds.rows; i += step) {
      if ((ds.columns.customer_type as string[])[i] === 'business') continue;
      const o = this.obs(ds.columns, i);
      if (o.T > 0) obs.push(o);
    }
    if (obs.length < 20) return null;
    const fit = fitBgNbd(obs, 250);
    const params = { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b };
    return { params, ll: bgnbdLogLikelihood(params, obs) };
  }

  async activeModel() {
    return this.prisma.churnModel.findFirst({ where: { active: true }, orderBy: { version: 'desc' } });
  }

  /** Scores every customer (or some) with the active model and stores probability, drivers and P(alive). */
  async score(opts: { now?: Date; customerIds?: string[] } = {}): Promise<{ scored: number; ms: number; modelVersion: number | null }> {
    const started = Date.now();
    const row = await this.activeModel();
    if (!row) return { scored: 0, ms: 0, modelVersion: null };
    const model = row.model as unknown as StoredChurnModel;
    const now = opts.now ?? new Date();
    const f = await this.features(now, { ids: opts.customerIds, activeWithinDays: 100_000 });
    const X = applyPrep(f.columns, f.rows, model.prep);
    const ids = (f.columns.customer_id ?? []) as string[];
    const types = (f.columns.customer_type ?? []) as string[];
    const out: { customerId: string; probability: number; risk: string; drivers: Driver[]; pAlive: number | null }[] = [];
    for (let i = 0; i < f.rows; i++) {
      const p = sigmoid(model.platt.a * logit(model, X, i) + model.platt.b);
      const o = this.obs(f.columns, i);
      out.push({
        customerId: ids[i],
        probability: round(p, 4),
        risk: riskOf(p),
        drivers: topDrivers(model.prep.names, model.weights, X, i, f.columns),
        pAlive: model.bgnbd && types[i] !== 'business' && o.T > 0 ? round(pAlive(model.bgnbd, o), 4) : null,
      });
    }
    for (let i = 0; i < out.length; i += 5000) {
      await this.prisma.$executeRawUnsafe(
        `INSERT INTO churn_scores ("customerId", probability, risk, drivers, "pAlive", "modelVersion", "computedAt")
         SELECT x."customerId", x.probability, x.risk, x.drivers, x."pAlive", $2, $3::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x("customerId" text, probability float8, risk text, drivers jsonb, "pAlive" float8)
         ON CONFLICT ("customerId") DO UPDATE SET probability = EXCLUDED.probability, risk = EXCLUDED.risk, drivers = EXCLUDED.drivers,
           "pAlive" = EXCLUDED."pAlive", "modelVersion" = EXCLUDED."modelVersion", "computedAt" = EXCLUDED."computedAt"`,
        JSON.stringify(out.slice(i, i + 5000)),
        row.version,
        now,
      );
    }
    return { scored: out.length, ms: Date.now() - started, modelVersion: row.version };
  }
}

const mean = (y: ArrayLike<number>) => (y.length ? round(Array.from(y).reduce((s, v) => s + v, 0) / y.length, 4) : 0);
const round = (x: number, k: number) => (Number.isFinite(x) ? Math.round(x * 10 ** k) / 10 ** k : x);

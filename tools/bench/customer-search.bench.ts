/**
 * Customer search at scale: loads N customers (default 1,000,000; `--rows=200000` for a
 * quick run) into a throwaway database cloned from the migrated template, then measures
 * p50/p95 per query kind through the same SQL builder the API uses. Baseline, measured
 * in the same run: the same query with index and bitmap scans disabled (sequential
 * scan), or for id lookups the primary-key lookup itself vs a sequential scan.
 *
 *   node -r @swc-node/register tools/bench/customer-search.bench.ts [--rows=N] [--iterations=N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createDatabaseFromTemplate, dropDatabase, ensureTemplateDatabase } from '../../libs/testing/src/template-database';
import { buildCustomerSearch, SearchCustomersSchema, TRGM_SETTINGS_SQL } from '../../libs/customers/src';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const ROWS = arg('rows', 1_000_000);
const ITER = arg('iterations', 40);
const BASE_ITER = Math.max(3, Math.min(8, Math.round(ITER / 5)));

const FIRST = ['John', 'Maria', 'Wei', 'Fatima', 'Olivia', 'Liam', 'Noah', 'Emma', 'Aarav', 'Sofia', 'Mateo', 'Chloe', 'Lucas', 'Amara', 'Ethan', 'Yuki', 'Omar', 'Zara', 'Diego', 'Hannah', 'Ivan', 'Leila', 'Kenji', 'Priya', 'Samuel', 'Nadia', 'Felix', 'Grace', 'Hugo', 'Isla'];
const LAST = ['Smith', 'Garcia', 'Chen', 'Khan', 'Tremblay', 'Roy', 'Gagnon', 'Martin', 'Patel', 'Singh', 'Nguyen', 'Kim', 'Lopez', 'Brown', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Perez', 'Roberts'];
const SYL = ['ka', 'lo', 'mer', 'vin', 'dra', 'sel', 'tor', 'bek', 'an', 'ris', 'hol', 'gan', 'pe', 'wick', 'ston', 'ber', 'ly', 'zu', 'mon', 'fa'];
const CITIES = ['Toronto', 'Montreal', 'Vancouver', 'Calgary', 'Ottawa', 'Edmonton', 'Winnipeg', 'Quebec City', 'Hamilton', 'Halifax'];
const STREETS = ['King Street', 'Queen Street', 'Yonge Street', 'Main Street', 'Oak Avenue', 'Maple Drive', 'Cedar Road', 'Elm Street'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const t0 = Date.now();
  const template = await ensureTemplateDatabase();
  const dbName = `ns_bench_customers_${process.pid}`;
  const url = await createDatabaseFromTemplate(template, dbName);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // Load without the trigram indexes, then build them: far faster than maintaining GIN per row.
    const trgm = await db.query<{ indexdef: string; indexname: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customers' AND indexdef LIKE '%gin%'`);
    for (const i of trgm.rows) await db.query(`DROP INDEX "${i.indexname}"`);
    const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;
    const tLoad = Date.now();
    await db.query(`
      INSERT INTO customers (id, "customerNumber", type, name, email, phone, "phoneDigits", "preferredContact", "addressLine1", city, region, "postalCode", country,
                             "timeZone", channel, "lifecycleStage", "lastServiceAt", currency, "createdAt", "updatedAt")
      SELECT 'c' || lpad(to_hex(g), 24, '0'),
             'C-' || lpad(g::text, 7, '0'),
             (CASE WHEN g % 7 = 0 THEN 'business' ELSE 'individual' END)::"CustomerType",
             -- ~40 common surnames plus ~8000 generated ones (syllables), like a real customer base's long tail.
             (${arr(FIRST)})[1 + g % ${FIRST.length}] || ' ' ||
               CASE WHEN g % 4 = 0 THEN (${arr(LAST)})[1 + (g / ${FIRST.length}) % ${LAST.length}]
                    ELSE initcap((${arr(SYL)})[1 + (g / 7) % ${SYL.length}] || (${arr(SYL)})[1 + (g / 131) % ${SYL.length}] || (${arr(SYL)})[1 + (g / 2609) % ${SYL.length}]) END,
             'user' || g || '@example' || (g % 50) || '.test',
             '+1' || (200 + g % 700)::text || lpad((g % 10000000)::text, 7, '0'),
             '1' || (200 + g % 700)::text || lpad((g % 10000000)::text, 7, '0'),
             'email'::"ContactMethod",
             (1 + g % 999)::text || ' ' || (${arr(STREETS)})[1 + g % ${STREETS.length}],
             (${arr(CITIES)})[1 + (g / 3) % ${CITIES.length}], 'ON', 'M' || (g % 9) || 'A ' || (g % 9) || 'B' || (g % 7), 'CA',
             'America/Toronto', 'web_form'::"RegistrationChannel",
             (ARRAY['lead','prospect','customer','repeat','at_risk','churned'])[1 + g % 6]::"LifecycleStage",
             CASE WHEN g % 4 = 0 THEN NULL ELSE now() - (g % 1000) * interval '1 day' END,
             'CAD', now() - (g % 2000) * interval '1 day', now()
      FROM generate_series(1, ${ROWS}) g`);
    const loadMs = Date.now() - tLoad;
    const tIdx = Date.now();
    await db.query(`SET maintenance_work_mem = '256MB'`);
    for (const i of trgm.rows) await db.query(i.indexdef);
    await db.query('ANALYZE customers');
    const indexMs = Date.now() - tIdx;
    console.log(`loaded ${ROWS.toLocaleString()} customers in ${(loadMs / 1000).toFixed(1)} s; trigram indexes built in ${(indexMs / 1000).toFixed(1)} s`);

    const some = (await db.query<{ id: string; email: string; phoneDigits: string }>(`SELECT id, email, "phoneDigits" FROM customers TABLESAMPLE SYSTEM (1) LIMIT 200`)).rows;
    const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
    const kinds: Record<string, (i: number) => Record<string, string>> = {
      'name partial': (i) => ({ name: pick(LAST, i * 7).slice(0, 5) + ' ' + pick(FIRST, i).slice(0, 3) }),
      'name exact': (i) => ({ name: `${pick(FIRST, i)} ${pick(LAST, i * 3)}` }),
      'name typo': (i) => {
        const l = pick(LAST, i * 5);
        return { name: `${pick(FIRST, i * 3)} ${l.slice(0, 2)}${l[3] ?? ''}${l[2]}${l.slice(4)}` }; // swap two letters
      },
      'phone partial': (i) => ({ phone: pick(some, i).phoneDigits.slice(-7) }),
      email: (i) => ({ email: pick(some, i).email }),
      'customer id': (i) => ({ id: pick(some, i).id }),
      address: (i) => ({ address: `${1 + ((i * 37) % 999)} ${pick(STREETS, i)}` }),
      'filters (type+stage+registered range), sorted by date': (i) => ({
        type: 'business',
        lifecycleStage: 'customer',
        registeredFrom: new Date(Date.now() - (30 + i) * 86400_000).toISOString(),
        registeredTo: new Date(Date.now() - i * 86400_000).toISOString(),
      }),
    };

    const runOnce = async (params: Record<string, string>, seqScan: boolean) => {
      const q = SearchCustomersSchema.parse(params);
      const { sql } = buildCustomerSearch(q);
      await db.query('BEGIN');
      await db.query(TRGM_SETTINGS_SQL);
      if (seqScan) await db.query('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off');
      const t = process.hrtime.bigint();
      const r = await db.query(sql.text, sql.values as unknown[]);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      await db.query('COMMIT');
      return { ms, rows: r.rowCount ?? 0 };
    };

    const results: Record<string, unknown>[] = [];
    for (const [kind, gen] of Object.entries(kinds)) {
      await runOnce(gen(0), false); // warm the cache
      const idx: number[] = [];
      let hits = 0;
      for (let i = 0; i < ITER; i++) {
        const r = await runOnce(gen(i), false);
        idx.push(r.ms);
        hits += r.rows > 0 ? 1 : 0;
      }
      const base: number[] = [];
      for (let i = 0; i < BASE_ITER; i++) base.push((await runOnce(gen(i), true)).ms);
      const row = {
        kind,
        p50Ms: +pct(idx, 50).toFixed(2),
        p95Ms: +pct(idx, 95).toFixed(2),
        baselineSeqScanP50Ms: +pct(base, 50).toFixed(1),
        baselineSeqScanP95Ms: +pct(base, 95).toFixed(1),
        speedupP50: +(pct(base, 50) / pct(idx, 50)).toFixed(1),
        queriesWithHits: `${hits}/${ITER}`,
      };
      results.push(row);
      console.log(
        `${kind.padEnd(56)} p50 ${String(row.p50Ms).padStart(8)} ms  p95 ${String(row.p95Ms).padStart(8)} ms | seq-scan baseline p50 ${String(row.baselineSeqScanP50Ms).padStart(8)} ms (×${row.speedupP50})  hits ${row.queriesWithHits}`,
      );
    }
    // The floor: a primary-key lookup, to read the fuzzy numbers against.
    const pk: number[] = [];
    for (let i = 0; i < ITER; i++) {
      const t = process.hrtime.bigint();
      await db.query('SELECT * FROM customers WHERE id = $1', [pick(some, i).id]);
      pk.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`primary-key lookup p50 ${pct(pk, 50).toFixed(2)} ms p95 ${pct(pk, 95).toFixed(2)} ms`);
    const out = { rows: ROWS, iterations: ITER, baselineIterations: BASE_ITER, loadMs, indexBuildMs: indexMs, primaryKeyLookup: { p50Ms: pct(pk, 50), p95Ms: pct(pk, 95) }, results, totalSec: (Date.now() - t0) / 1000,
      // The common table format of `npm run bench` (docs/engineering.md).
      figures: results.flatMap((r) => [
        { metric: `${r.kind} p50 (1M customers)`, value: r.p50Ms, unit: 'ms', baseline: 'same query, sequential scan (p50)', baselineValue: r.baselineSeqScanP50Ms, ratio: r.speedupP50 },
        { metric: `${r.kind} p95 (1M customers)`, value: r.p95Ms, unit: 'ms' },
      ]),
    };
    fs.mkdirSync(path.resolve(__dirname, '../../bench-results'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, '../../bench-results/customer-search.json'), JSON.stringify(out, null, 2));
    console.log(`wrote bench-results/customer-search.json (${out.totalSec.toFixed(0)} s total)`);
  } finally {
    await db.end();
    if (process.argv.includes('--keep')) console.log(`kept database ${dbName}`);
    else await dropDatabase(dbName);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

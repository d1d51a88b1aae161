import fs from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { renderMigration } from './migration-template';

export interface MigrationFile {
  version: number;
  name: string;
  up: string;
  down: string;
}

export class DirtyMigrationError extends Error {}

const VERSION_TABLE = 'schema_migrations';

/** Reads `NNNN_name.up.sql` / `NNNN_name.down.sql` pairs; every up needs its down. */
export function readMigrations(dir: string): MigrationFile[] {
  const files = fs.readdirSync(dir);
  const ups = files.filter((f) => /^\d{4}_[\w-]+\.up\.sql$/.test(f)).sort();
  return ups.map((up) => {
    const [, v, name] = /^(\d{4})_([\w-]+)\.up\.sql$/.exec(up)!;
    const down = up.replace('.up.sql', '.down.sql');
    if (!files.includes(down)) throw new Error(`ClickHouse migration ${up} has no ${down}`);
    return {
      version: Number(v),
      name,
      up: fs.readFileSync(path.join(dir, up), 'utf8'),
      down: fs.readFileSync(path.join(dir, down), 'utf8'),
    };
  });
}

interface VersionState {
  version: number;
  name: string;
  state: 'applying' | 'applied' | 'reverting' | 'reverted';
}

/**
 * Applies numbered up/down migrations and records each step in `schema_migrations`.
 * A step is written as "applying" before its statements run and "applied" after,
 * so a crash half-way leaves the version dirty; the runner then refuses to go on
 * until an operator has looked (`force`), because DDL in ClickHouse is not
 * transactional and re-running half of a migration can do damage.
 */
export class ClickhouseMigrator {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly opts: { dir: string; database: string; cluster?: string; log?: (msg: string) => void },
  ) {}

  private log(msg: string) {
    this.opts.log?.(msg);
  }

  async ensureVersionTable(): Promise<void> {
    const onCluster = this.opts.cluster ? `ON CLUSTER ${this.opts.cluster}` : '';
    const engine = this.opts.cluster
      ? `ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')`
      : 'MergeTree';
    await this.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} ${onCluster} (
        version UInt32, name String, state LowCardinality(String), at DateTime64(6, 'UTC') DEFAULT now64(6)
      ) ENGINE = ${engine} ORDER BY (version, at)`,
    });
  }

  async states(): Promise<VersionState[]> {
    await this.ensureVersionTable();
    const rs = await this.client.query({
      query: `SELECT version, argMax(name, at) AS name, argMax(state, at) AS state
              FROM ${VERSION_TABLE} GROUP BY version ORDER BY version`,
      format: 'JSONEachRow',
    });
    return (await rs.json<VersionState>()).map((r) => ({ ...r, version: Number(r.version) }));
  }

  async status(): Promise<{ applied: number[]; pending: number[]; dirty?: VersionState }> {
    const states = await this.states();
    const applied = states.filter((s) => s.state === 'applied').map((s) => s.version);
    const dirty = states.find((s) => s.state === 'applying' || s.state === 'reverting');
    const pending = readMigrations(this.opts.dir)
      .map((m) => m.version)
      .filter((v) => !applied.includes(v));
    return { applied, pending, dirty };
  }

  private async assertClean(): Promise<void> {
    const { dirty } = await this.status();
    if (dirty) {
      throw new DirtyMigrationError(
        `ClickHouse migration ${dirty.version} (${dirty.name}) is dirty: it was ${dirty.state} when it stopped. ` +
          `Inspect the schema, finish or undo it by hand, then run ` +
          `\`npm run ch:migrate -- force ${dirty.version} applied|reverted\`.`,
      );
    }
  }

  private async record(m: { version: number; name: string }, state: VersionState['state']) {
    await this.client.insert({
      table: VERSION_TABLE,
      values: [{ version: m.version, name: m.name, state }],
      format: 'JSONEachRow',
    });
  }

  private async run(sql: string) {
    for (const statement of renderMigration(sql, this.opts)) {
      await this.client.command({ query: statement });
    }
  }

  /** Applies pending migrations up to `target` (default: all). Returns the versions applied. */
  async up(target?: number): Promise<number[]> {
    await this.assertClean();
    const { applied } = await this.status();
    const done: number[] = [];
    for (const m of readMigrations(this.opts.dir)) {
      if (applied.includes(m.version) || (target !== undefined && m.version > target)) continue;
      this.log(`clickhouse: applying ${m.version}_${m.name}`);
      await this.record(m, 'applying');
      await this.run(m.up);
      await this.record(m, 'applied');
      done.push(m.version);
    }
    return done;
  }

  /** Reverts the newest `steps` applied migrations. Returns the versions reverted. */
  async down(steps = 1): Promise<number[]> {
    await this.assertClean();
    const { applied } = await this.status();
    const byVersion = new Map(readMigrations(this.opts.dir).map((m) => [m.version, m]));
    const done: number[] = [];
    for (const v of [...applied].sort((a, b) => b - a).slice(0, steps)) {
      const m = byVersion.get(v);
      if (!m) throw new Error(`ClickHouse migration ${v} is applied but its files are missing`);
      this.log(`clickhouse: reverting ${m.version}_${m.name}`);
      await this.record(m, 'reverting');
      await this.run(m.down);
      await this.record(m, 'reverted');
      done.push(v);
    }
    return done;
  }

  /** Operator escape hatch after fixing a dirty migration by hand. */
  async force(version: number, state: 'applied' | 'reverted'): Promise<void> {
    const m = readMigrations(this.opts.dir).find((x) => x.version === version);
    if (!m) throw new Error(`no ClickHouse migration ${version}`);
    await this.record(m, state);
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClickhouse, type NorthstarClickhouse } from './clickhouse-client.factory';
import { ClickhouseMigrator, DirtyMigrationError } from './migration-runner';
import { CLICKHOUSE_MIGRATIONS_DIR } from './clickhouse.service';

const dataDir = process.env.CLICKHOUSE_DATA_DIR!;

async function tables(ch: NorthstarClickhouse): Promise<string[]> {
  const rs = await ch.client.query({ query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name', format: 'JSONEachRow' });
  return (await rs.json<{ name: string }>()).map((r) => r.name);
}

describe('ClickHouse migrations on the embedded engine', () => {
  let ch: NorthstarClickhouse;
  beforeAll(async () => {
    ch = await openClickhouse({ dataDir, database: `mig_${process.pid}_${Date.now()}` });
  });
  afterAll(async () => {
    await ch.client.command({ query: `DROP DATABASE IF EXISTS ${ch.database}` });
    await ch.client.close();
  });

  it('applies every migration, reverts them all, and applies them again', async () => {
    const migrator = new ClickhouseMigrator(ch.client, { dir: CLICKHOUSE_MIGRATIONS_DIR, database: ch.database });
    const all = fs.readdirSync(CLICKHOUSE_MIGRATIONS_DIR).filter((f) => f.endsWith('.up.sql')).length;

    const first = await migrator.up();
    expect(first).toHaveLength(all);
    expect(await tables(ch)).toEqual(expect.arrayContaining(['events', 'identity_links', 'schema_migrations']));
    expect(await migrator.up()).toEqual([]); // idempotent

    const reverted = await migrator.down(all);
    expect(reverted).toEqual([...first].reverse());
    expect(await tables(ch)).toEqual(['schema_migrations']);

    expect(await migrator.up()).toEqual(first);
    expect((await migrator.status()).pending).toEqual([]);
  });

  it('refuses to run over a dirty migration and says how to recover', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chmig-'));
    fs.writeFileSync(path.join(dir, '0001_ok.up.sql'), 'CREATE TABLE IF NOT EXISTS t_ok (x UInt8) ENGINE = MergeTree ORDER BY x;');
    fs.writeFileSync(path.join(dir, '0001_ok.down.sql'), 'DROP TABLE IF EXISTS t_ok;');
    fs.writeFileSync(path.join(dir, '0002_broken.up.sql'), 'CREATE TABLE t_half (x UInt8) ENGINE = MergeTree ORDER BY x;\nTHIS IS NOT SQL;');
    fs.writeFileSync(path.join(dir, '0002_broken.down.sql'), 'DROP TABLE IF EXISTS t_half;');
    const db = await openClickhouse({ dataDir, database: `dirty_${process.pid}_${Date.now()}` });
    try {
      const migrator = new ClickhouseMigrator(db.client, { dir, database: db.database });
      await expect(migrator.up()).rejects.toThrow(/Syntax error|SYNTAX_ERROR/);
      const status = await migrator.status();
      expect(status.applied).toEqual([1]);
      expect(status.dirty).toMatchObject({ version: 2, state: 'applying' });
      await expect(migrator.up()).rejects.toThrow(DirtyMigrationError);
      await expect(migrator.up()).rejects.toThrow(/0002|migration 2 \(broken\) is dirty.*force 2/);

      await migrator.force(2, 'reverted');
      await db.client.command({ query: 'DROP TABLE IF EXISTS t_half' });
      expect((await migrator.status()).dirty).toBeUndefined();
    } finally {
      await db.client.command({ query: `DROP DATABASE IF EXISTS ${db.database}` });
      await db.client.close();
    }
  });
});

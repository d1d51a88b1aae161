import fs from 'node:fs';
import path from 'node:path';
import { freePort, libpqEnv, ownedDir, runPg, withDatabase, type PgTools } from '@northstar/backup';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp folder, a free port).
 *
 * Why not the machine's shared server: its pg_hba.conf has no `replication` line, so
 * pg_basebackup and pg_receivewal are refused there, and editing the shared server's
 * configuration is not the test's business. This cluster runs the same binaries with
 * wal_level=replica and replication allowed on loopback — what a production server
 * needs for these backups — and holds the platform's schema, copied from the migrated
 * test template.
 */
export class ScratchPostgres {
  private constructor(
    readonly tools: PgTools,
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(tools: PgTools, dir: string): Promise<ScratchPostgres> {
    ownedDir(tools, dir);
    const data = path.join(dir, 'data');
    await runPg(tools, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions']);
    const port = await freePort();
    fs.appendFileSync(
      path.join(data, 'postgresql.auto.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = ''`,
        `wal_level = replica`,
        `max_wal_senders = 4`,
        // A test cluster: durability against power loss is not what is tested.
        `fsync = off`,
        '',
      ].join('\n'),
    );
    await runPg(tools, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', 'start']);
    return new ScratchPostgres(tools, dir, port);
  }

  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A database with the schema of `templateUrl` (schema only, no rows). */
  async createDatabaseLike(database: string, templateUrl: string): Promise<string> {
    const schema = path.join(this.dir, `${database}.schema.sql`);
    await runPg(this.tools, 'pg_dump', ['--schema-only', '--no-owner', '-f', schema], libpqEnv(templateUrl));
    await runPg(this.tools, 'createdb', [database], libpqEnv(this.url()));
    await runPg(this.tools, 'psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', schema], libpqEnv(withDatabase(this.url(), database)));
    return this.url(database);
  }

  async stop(): Promise<void> {
    await runPg(this.tools, 'pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  }
}

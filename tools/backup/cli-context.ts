import { ConfigError, loadConfig } from '@northstar/config';
import { BackupClickhouse, backupContext, parseBackupSettings, UsageError, type BackupContext, type Stores } from '@northstar/backup';

/** The run's context from the environment; ClickHouse only when the run includes it. */
export function cliContext(stores: Stores): BackupContext {
  const settings = parseBackupSettings(process.env, loadConfig());
  const clickhouse = stores.clickhouse ? new BackupClickhouse(settings.clickhouse, settings.dir) : undefined;
  return backupContext(settings, { postgres: stores.postgres, clickhouse });
}

/** Runs a command; expected failures print one line (or the usage) instead of a stack trace. */
export function runCli(usage: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: Error) => {
      if (e instanceof UsageError) process.stderr.write(`${e.message}\n${usage}\n`);
      else if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
      else process.stderr.write(`${explain(e.message)}\n`);
      process.exit(e instanceof UsageError ? 64 : e instanceof ConfigError ? 78 : 1);
    },
  );
}

const HINTS: [RegExp, string][] = [
  [
    /Cannot lock file|only one active data directory/,
    'The embedded ClickHouse folder is held by another process (is the platform running?). Stop it for the ClickHouse part, or run with --only postgres.',
  ],
  [
    /no pg_hba.conf entry for replication/,
    'This server refuses replication connections. Allow them for the backup user (a `host replication <user> <address> <method>` line in pg_hba.conf, then reload), see docs/operations.md.',
  ],
];

function explain(message: string): string {
  const hint = HINTS.find(([pattern]) => pattern.test(message));
  return hint ? `${message}\n${hint[1]}` : message;
}

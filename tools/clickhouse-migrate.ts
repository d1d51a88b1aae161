/**
 * ClickHouse migrations: `npm run ch:migrate -- [up [N] | down [steps] | status | force N applied|reverted]`.
 * Uses CLICKHOUSE_URL / CLICKHOUSE_DATA_DIR like the platform. In embedded mode the
 * platform must not be running (one process holds the data folder).
 */
import { loadConfigOrExit } from '@northstar/config';
import { openClickhouse, ClickhouseMigrator, CLICKHOUSE_MIGRATIONS_DIR, targetFromConfig } from '@northstar/clickhouse';

async function main() {
  const config = loadConfigOrExit();
  const [cmd = 'up', arg1, arg2] = process.argv.slice(2);
  const ch = await openClickhouse(targetFromConfig(config));
  const migrator = new ClickhouseMigrator(ch.client, {
    dir: CLICKHOUSE_MIGRATIONS_DIR,
    database: ch.database,
    cluster: config.CLICKHOUSE_CLUSTER,
    log: (m) => console.log(m),
  });
  try {
    if (cmd === 'up') console.log('applied:', await migrator.up(arg1 ? Number(arg1) : undefined));
    else if (cmd === 'down') console.log('reverted:', await migrator.down(arg1 ? Number(arg1) : 1));
    else if (cmd === 'status') console.log(JSON.stringify(await migrator.status(), null, 2));
    else if (cmd === 'force' && (arg2 === 'applied' || arg2 === 'reverted')) await migrator.force(Number(arg1), arg2);
    else throw new Error(`usage: ch:migrate [up [N] | down [steps] | status | force N applied|reverted]`);
  } finally {
    await ch.client.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { openClickhouse, transportOf, type ClickhouseTarget, type ClickhouseTransport } from './clickhouse-client.factory';
import { ClickhouseMigrator } from './migration-runner';

export const CLICKHOUSE_MIGRATIONS_DIR = path.resolve(__dirname, '../../../clickhouse/migrations');

export function targetFromConfig(config: AppConfig): ClickhouseTarget {
  return {
    url: config.CLICKHOUSE_URL,
    dataDir: config.CLICKHOUSE_DATA_DIR,
    database: config.CLICKHOUSE_DATABASE,
    user: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
  };
}

/**
 * The process's ClickHouse clients. The embedded engine runs one statement per
 * client at a time, so reads (HTTP) and writes (the batching writer, scheduled
 * analytics) get separate clients on the same folder: a heavy analytics query
 * then does not queue behind an insert, nor a dashboard read behind either.
 */
@Injectable()
export class ClickhouseService implements OnApplicationShutdown {
  private readonly logger = new Logger('ClickHouse');
  private clients: Partial<Record<'read' | 'write' | 'analytics', Promise<ClickHouseClient>>> = {};
  readonly transport: ClickhouseTransport;
  readonly database: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = transportOf(config.CLICKHOUSE_URL);
    this.database = config.CLICKHOUSE_DATABASE;
  }

  private get(role: 'read' | 'write' | 'analytics'): Promise<ClickHouseClient> {
    this.clients[role] ??= openClickhouse(targetFromConfig(this.config)).then((c) => c.client);
    return this.clients[role]!;
  }

  /** Client for interactive reads (API requests). */
  reader(): Promise<ClickHouseClient> {
    return this.get('read');
  }
  /** Client for inserts (the events writer). */
  writer(): Promise<ClickHouseClient> {
    return this.get('write');
  }
  /** Client for long scheduled analytics jobs. */
  analytics(): Promise<ClickHouseClient> {
    return this.get('analytics');
  }

  async query<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const client = await this.reader();
    const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  async ping(): Promise<boolean> {
    const r = await (await this.reader()).ping();
    return r.success;
  }

  migrator(client: ClickHouseClient): ClickhouseMigrator {
    return new ClickhouseMigrator(client, {
      dir: CLICKHOUSE_MIGRATIONS_DIR,
      database: this.database,
      cluster: this.config.CLICKHOUSE_CLUSTER,
      log: (m) => this.logger.log(m),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const open = Object.values(this.clients);
    this.clients = {};
    // The embedded folder lock is released only when every client on it is closed.
    await Promise.all(open.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}

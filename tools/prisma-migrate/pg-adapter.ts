/**
 * The driver adapter the schema engine talks through: `@prisma/adapter-pg`, corrected in
 * the two places where it does not behave like the native engine's own Postgres driver.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
  IsolationLevel,
  ConnectionInfo,
} from '@prisma/driver-adapter-utils';

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type QueryCallback = (err: Error | undefined, res: unknown) => void;

/** Postgres' internal one-byte `"char"` (pg_class.relkind, pg_constraint.contype, …). */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg refuses result columns of type `"char"` (prisma/orm#27403), and the engine's
 * catalog queries return several. pg hands such values over as plain strings already, so
 * relabelling the column as text before adapter-pg looks at it is all that is needed.
 * Only this tool uses this client; the application's PrismaClient is unaffected.
 */
class CatalogTolerantClient extends pg.Client {
  // pg's query() has many overloads; we only pass the arguments through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === 'function') return super.query(config, relabelling(values as QueryCallback));
    if (typeof callback === 'function') return super.query(config, values, relabelling(callback as QueryCallback));
    const result: unknown = super.query(config, values);
    return isPromiseLike(result) ? result.then(relabelCharColumns) : result;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function relabelling(callback: QueryCallback): QueryCallback {
  return (err, res) => callback(err, err ? res : relabelCharColumns(res));
}

function relabelCharColumns<T>(result: T): T {
  for (const single of Array.isArray(result) ? result : [result]) {
    const fields = (single as { fields?: Array<{ dataTypeID: number }> } | undefined)?.fields;
    for (const field of fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/**
 * adapter-pg's executeScript() splits the script on every ";" and runs the pieces one by
 * one, which breaks function bodies and string literals and loses atomicity. The native
 * engine sends a migration as one simple-protocol query (one implicit transaction), and
 * so do we: a query without parameters goes through pg's simple protocol.
 */
class WholeScriptAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(
    private readonly inner: PgAdapter,
    private readonly onDispose?: () => Promise<void>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async executeScript(script: string): Promise<void> {
    await this.inner.executeRaw({ sql: script, args: [], argTypes: [] });
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.inner.startTransaction(isolationLevel);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo();
  }

  async dispose(): Promise<void> {
    try {
      await this.inner.dispose();
    } finally {
      await this.onDispose?.();
    }
  }
}

/** Opens a schema-engine-ready adapter on `connectionString`; `onDispose` runs after the pool is closed. */
export async function connectAdapter(connectionString: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const config: pg.PoolConfig & { Client: typeof pg.Client } = { connectionString, Client: CatalogTolerantClient };
  const inner = await new PrismaPg(config).connect();
  return new WholeScriptAdapter(inner, onDispose);
}

/**
 * The connections the engine works through. The engine does not dispose its adapters when freed, and an idle pool would keep
 * the database "in use" (no DROP/RENAME) for 10 s: close() ends whatever is still open.
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(private readonly connectionString: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await connectAdapter(this.connectionString, async () => {
      this.open.delete(adapter);
    });
    this.open.add(adapter);
    return adapter;
  }

  /** Never needed: `new` and `check` replay the migrations into their own PGlite (see ./shadow.ts). */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    throw new Error('prisma-migrate does not let the schema engine create shadow databases');
  }

  async close(): Promise<void> {
    const adapters = [...this.open];
    this.open.clear();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }
}

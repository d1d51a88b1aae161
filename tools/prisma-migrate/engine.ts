/**
 * Loads Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`) and
 * runs it against a driver adapter. This is the same engine `prisma migrate` drives as a
 * native binary, so diffs, SQL rendering and `_prisma_migrations` bookkeeping are Prisma's own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as EngineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';

export type { SchemaEngine };

type Bindings = typeof EngineBindings;

/** Prisma 7 has no external tables/enums configured here (prisma.config.ts sets none). */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

const PACKAGE_GLUE = '@prisma/schema-engine-wasm/schema_engine_bg';
/** wasm-bindgen names its import module after the glue file. */
const IMPORT_MODULE = './schema_engine_bg.js';

let loaded: Bindings | undefined;

/**
 * The glue file is an ES module. Node ≥ 20.19 `require`s ES modules natively, but Jest's
 * module registry cannot, so we go through a require created by Node itself.
 * We instantiate the wasm ourselves (instead of the package's `schema_engine.js`, which
 * uses `import x from '*.wasm'`) so that we can hand it a setTimeout that does not keep
 * the process alive: the engine leaves a long-running timer behind after each call.
 */
function loadBindings(): Bindings {
  if (loaded) return loaded;
  const nodeRequire = createRequire(__filename);
  const glue = nodeRequire(PACKAGE_GLUE) as Bindings;
  const wasmFile = path.join(path.dirname(nodeRequire.resolve(PACKAGE_GLUE)), 'schema_engine_bg.wasm');
  const wasmModule = new WebAssembly.Module(fs.readFileSync(wasmFile));

  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(glue)) {
    if (name.startsWith('__wbg_setTimeout_')) imports[name] = unrefSetTimeout;
  }
  const instance = new WebAssembly.Instance(wasmModule, {
    [IMPORT_MODULE]: imports as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  loaded = glue;
  return glue;
}

function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms >>> 0).unref();
}

export type EngineLog = (line: string) => void;

export interface ClosableAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Ends every connection the factory handed out that is still open. */
  close(): Promise<void>;
}

/**
 * Runs `work` with a fresh engine bound to `adapterFactory`, and frees it afterwards.
 * Engine log lines are JSON; only warnings and errors are forwarded to `log`.
 */
export async function withEngine<T>(
  adapterFactory: ClosableAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
  log?: EngineLog,
): Promise<T> {
  const bindings = loadBindings();
  try {
    const engine = await bindings.SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => forwardEngineLog(line, log),
      bindMigrationAwareSqlAdapterFactory(adapterFactory),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    // Freeing the engine does not dispose the connections it opened.
    await adapterFactory.close();
  }
}

function forwardEngineLog(line: string, log?: EngineLog): void {
  if (!log) return;
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (entry.level === 'WARN' || entry.level === 'ERROR') log(`schema engine: ${entry.fields?.message ?? line}`);
  } catch {
    log(`schema engine: ${line}`);
  }
}

/** The engine throws errors whose message already carries Prisma's explanation and a Rust span trace. */
export function engineErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Drop the span trace ("   0: schema_engine_wasm::…"): it only names engine internals.
  return message.split(/\n\s+0: /)[0].trim();
}

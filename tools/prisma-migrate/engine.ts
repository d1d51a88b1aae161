/**
 * Loads Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`) and
 * runs it against a driver adapter. This is the same engine `prisma migrate` drives as a
 * native binary, so diffs, SQL rendering and `_prisma_migrations` bookkeeping are Prisma's own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from '@swc/core';
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
 * We instantiate the wasm ourselves (instead of the package's `schema_engine.js`, which
 * does `import x from '*.wasm'`) so that we can hand it a setTimeout that does not keep the
 * process alive: the engine leaves a long-running timer behind after each call.
 */
function loadBindings(): Bindings {
  if (loaded) return loaded;
  const glueFile = require.resolve(PACKAGE_GLUE);
  const glue = loadEsmGlue(glueFile);
  const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(glueFile), 'schema_engine_bg.wasm')));

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

/**
 * The wasm-bindgen glue is an ES module. Node ≥ 20.19 could require() it, but Jest's module
 * sandbox cannot (tests call this tool in-process), and mixing Node's realm with Jest's
 * breaks the glue's `instanceof Promise` checks. So we compile it to CommonJS with swc
 * (which our TypeScript entrypoints load anyway) and evaluate it in the caller's realm.
 */
function loadEsmGlue(file: string): Bindings {
  const { code } = transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} as Bindings };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
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

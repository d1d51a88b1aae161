import { envSchema, type AppConfig } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws ConfigError naming every bad variable. Pure: no process access. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty string means "unset" (as docker-compose and shells often pass them).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(root)'), message: i.message })),
    );
  }
  return result.data;
}

let cached: AppConfig | undefined;

/** The process configuration, parsed once. A bad value stops start-up with a message naming it. */
export function loadConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetConfigCache(): void {
  cached = undefined;
}

/** Start-up guard for entrypoints: print the problem and exit instead of a stack trace. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

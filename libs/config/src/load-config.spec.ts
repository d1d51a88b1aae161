import { ConfigError, parseConfig } from './load-config';

function problemsFor(env: Record<string, string>) {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('works with no variables at all (fresh-machine defaults)', () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/northstar');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.CLICKHOUSE_URL).toBeUndefined();
    expect(c.CLICKHOUSE_DATA_DIR).toMatch(/\.data\/clickhouse$/);
    expect(c.PORT).toBe(3000);
    expect(c.RUN_MODE).toBe('all-in-one');
  });

  it('treats empty strings as unset', () => {
    const c = parseConfig({ PORT: '', CLICKHOUSE_URL: '', HOST: '' });
    expect(c.PORT).toBe(3000);
    expect(c.CLICKHOUSE_URL).toBeUndefined();
    // HOST='' is not an error: like any empty variable it means "unset", and the default stays on loopback.
    expect(c.HOST).toBe('127.0.0.1');
  });

  it.each([
    ['DATABASE_URL', 'mysql://x@y/z', 'postgres://'],
    ['DATABASE_URL', 'not a url', 'postgres://'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'redis://'],
    ['CLICKHOUSE_URL', 'ftp://ch', 'http://'],
    ['CLICKHOUSE_DATABASE', 'drop table;', 'identifier'],
    ['CLICKHOUSE_CLUSTER', 'a b', 'cluster name'],
    ['PORT', 'eighty', 'port number'],
    ['PORT', '70000', '65535'],
    ['LOG_LEVEL', 'loud', 'fatal'],
    ['NODE_ENV', 'staging', 'development'],
    ['QUEUE_PREFIX', 'a b', 'letters'],
    ['RUN_MODE', 'both', 'all-in-one'],
    ['EVENTS_FLUSH_SIZE', '0', '>=1'],
    ['EVENTS_FLUSH_INTERVAL_MS', 'soon', 'number'],
    ['OUTBOX_RELAY_INTERVAL_MS', '1', '>=10'],
    ['JWT_SECRET', 'short', '32 characters'],
    ['SERVE_DASHBOARD', 'maybe', 'true or false'],
    ['SMTP_URL', 'http://mail', 'smtp://'],
    ['STRIPE_API_BASE', 'nope', 'http://'],
    ['GOOGLE_API_ROOT', 'nope', 'http://'],
    ['PUBLIC_BASE_URL', 'ftp://x', 'http://'],
  ])('%s=%j is refused with a message naming it', (variable, value, expected) => {
    const problems = problemsFor({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0].variable).toBe(variable);
    expect(problems[0].message).toContain(expected);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsFor({ PORT: 'x', REDIS_URL: 'y' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['PORT', 'REDIS_URL']);
  });

  it('parses comma lists and booleans', () => {
    const c = parseConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', SERVE_DASHBOARD: 'false', WORKER_QUEUES: 'events,outbox' });
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(c.SERVE_DASHBOARD).toBe(false);
    expect(c.WORKER_QUEUES).toEqual(['events', 'outbox']);
  });
});

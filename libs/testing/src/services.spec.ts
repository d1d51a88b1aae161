import { assertServicesUp, START_POSTGRES, START_REDIS } from './services';

describe('assertServicesUp', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  it('passes when the real Postgres and Redis answer', async () => {
    await expect(assertServicesUp()).resolves.toBeUndefined();
  });

  it('fails, saying how to start it, when Postgres is unreachable', async () => {
    process.env.TEST_DATABASE_ADMIN_URL = 'postgresql://postgres@127.0.0.1:1/postgres';
    const { assertServicesUp: check } = await import('./services');
    await expect(check()).rejects.toThrow(START_POSTGRES);
  });

  it('fails, saying how to start it, when Redis is unreachable', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const { assertServicesUp: check } = await import('./services');
    await expect(check()).rejects.toThrow(START_REDIS);
  });
});

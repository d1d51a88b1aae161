import { withTimeout } from './with-timeout';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('withTimeout', () => {
  it('answers with the work when it settles first', async () => {
    await expect(withTimeout(after(5, 'done'), 1_000, 'too slow')).resolves.toBe('done');
  });

  it('passes the work’s own rejection through unchanged', async () => {
    const failure = new Error('connection refused');
    await expect(withTimeout(Promise.reject(failure), 1_000, 'too slow')).rejects.toBe(failure);
  });

  it('rejects with the given message once the time has passed', async () => {
    const started = Date.now();
    await expect(withTimeout(new Promise(() => undefined), 30, 'enqueue timed out')).rejects.toThrow(/^enqueue timed out$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('clears its timer when the work wins, leaving no handle behind', async () => {
    jest.useFakeTimers();
    try {
      const raced = withTimeout(Promise.resolve(1), 60_000, 'too slow');
      await expect(raced).resolves.toBe(1);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});

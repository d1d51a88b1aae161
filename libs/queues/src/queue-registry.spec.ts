import { QUEUE_CONFIG, QueueName, consumedQueues, defaultJobOptions } from './queue-registry';
import { redisConnectionOptions } from './redis-connection';

describe('queue registry', () => {
  it('has settings for every queue, and nothing is dropped on failure where loss would lose data', () => {
    for (const name of Object.values(QueueName)) {
      const c = QUEUE_CONFIG[name];
      expect(c.concurrency).toBeGreaterThan(0);
      expect(c.attempts).toBeGreaterThan(0);
    }
    for (const name of [QueueName.Events, QueueName.EventsDeadLetter, QueueName.Notifications]) {
      expect(defaultJobOptions(name).removeOnFail).toBe(false);
    }
  });

  it('selects consumed queues, never the dead letters, and names unknown ones', () => {
    expect(consumedQueues([])).toEqual(['events', 'outbox', 'analytics', 'interventions', 'reminders', 'notifications', 'system']);
    expect(consumedQueues(['events', 'outbox'])).toEqual([QueueName.Events, QueueName.Outbox]);
    expect(consumedQueues(['events-dead-letter', 'events'])).toEqual([QueueName.Events]);
    expect(() => consumedQueues(['events', 'nope'])).toThrow('WORKER_QUEUES: unknown queue(s) nope');
  });

  it('turns REDIS_URL into connection options that survive a Redis restart', () => {
    const o = redisConnectionOptions('rediss://user:p%40ss@cache.example:6380/2');
    expect(o).toMatchObject({ host: 'cache.example', port: 6380, username: 'user', password: 'p@ss', db: 2, maxRetriesPerRequest: null });
    expect(o.tls).toEqual({});
    expect(o.retryStrategy?.(50)).toBe(2000);
  });
});

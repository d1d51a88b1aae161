import { Queue } from 'bullmq';
import { loadConfig } from '@northstar/config';
import { redisConnectionOptions } from '@northstar/queues';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { mailJobId } from './mail.service';

describe('mailJobId', () => {
  let env: TestEnvironment;
  let queue: Queue;

  beforeAll(async () => {
    env = await createTestEnvironment();
    queue = new Queue('notifications', { connection: redisConnectionOptions(loadConfig().REDIS_URL), prefix: env.queuePrefix });
  });
  afterAll(async () => {
    await queue.close();
    await env.teardown();
  });

  // BullMQ refuses a custom id containing ':' unless it has exactly three parts; keys
  // with none, one and two colons were each refused by one id scheme or another.
  it.each(['welcome', 'quote-sent:q1', 'firing:f1:email', 'a:b:c:d'])('is a valid BullMQ job id for key %s, and keeps one job per key', async (key) => {
    const first = await queue.add('send-mail', {}, { jobId: mailJobId(key) });
    const again = await queue.add('send-mail', {}, { jobId: mailJobId(key) });
    expect(again.id).toBe(first.id);
    expect(await queue.getJob(mailJobId(key))).toBeTruthy();
  });

  it('never gives two keys the same id', () => {
    expect(mailJobId('a:b')).not.toBe(mailJobId('a-b'));
    expect(mailJobId('a:b')).not.toBe(mailJobId('a%3Ab'));
    expect(mailJobId('a:b')).toBe('mail-a%3Ab');
  });
});

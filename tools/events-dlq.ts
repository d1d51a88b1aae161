/**
 * Dead-lettered event batches: `npm run events:dlq -- list` shows them (id, rows,
 * why, when); `npm run events:dlq -- replay [jobId…]` puts them (all, or the
 * given ones) back on the events queue. Replaying twice is harmless: event ids
 * are stable and reads use FINAL.
 */
import { Queue } from 'bullmq';
import { loadConfigOrExit } from '@northstar/config';
import { QueueName, redisConnectionOptions } from '@northstar/queues';
import { listDeadLetters, replayDeadLetters } from '@northstar/events-writer';

async function main() {
  const config = loadConfigOrExit();
  const [cmd = 'list', ...ids] = process.argv.slice(2);
  const opts = { connection: redisConnectionOptions(config.REDIS_URL), prefix: config.QUEUE_PREFIX };
  const dlq = new Queue(QueueName.EventsDeadLetter, opts);
  const events = new Queue(QueueName.Events, opts);
  try {
    if (cmd === 'list') {
      const dead = await listDeadLetters(dlq);
      if (!dead.length) console.log('dead-letter queue is empty');
      for (const d of dead) {
        console.log(`${d.id}\t${d.origin}\t${d.rows} rows\t${d.failedAt ?? ''}\tjob ${d.originalJobId ?? '?'}\t${(d.error ?? '').split('\n')[0]}`);
      }
    } else if (cmd === 'replay') {
      const replayed = await replayDeadLetters(dlq, events, ids);
      console.log(`replayed ${replayed.length} batch(es)${replayed.length ? ': ' + replayed.join(', ') : ''}`);
    } else {
      console.error('usage: npm run events:dlq -- list | replay [jobId…]');
      process.exitCode = 2;
    }
  } finally {
    await Promise.all([dlq.close(), events.close()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

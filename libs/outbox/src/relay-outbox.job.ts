import { QueueJob, QueueName, type NoPayload, type QueueJobHandler } from '@northstar/queues';
import { OutboxRelay } from './outbox-relay';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Asks for a relay pass now instead of at the next poll. */
    'relay-outbox': { queue: QueueName.Outbox; payload: NoPayload };
  }
}

/**
 * The outbox relay as the outbox queue's job: a `relay-outbox` job runs a pass, and
 * the relay's own poll lives as long as this process consumes the queue, as it did
 * when the relay was the queue's processor.
 */
@QueueJob('relay-outbox', QueueName.Outbox)
export class RelayOutboxJob implements QueueJobHandler<'relay-outbox'> {
  constructor(private readonly relay: OutboxRelay) {}

  async handle() {
    return { relayed: await this.relay.poke() };
  }

  onWorkerStarted() {
    this.relay.start();
  }

  onWorkerClosing() {
    return this.relay.stop();
  }
}

import { Global, Module } from '@nestjs/common';
import { LifecycleTransaction } from './lifecycle-transaction';
import { OutboxRelay } from './outbox-relay';
import { RelayOutboxJob } from './relay-outbox.job';

@Global()
@Module({ providers: [LifecycleTransaction, OutboxRelay, RelayOutboxJob], exports: [LifecycleTransaction] })
export class OutboxModule {}

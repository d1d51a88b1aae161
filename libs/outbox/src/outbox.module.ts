import { Global, Module } from '@nestjs/common';
import { LifecycleTransaction } from './lifecycle-transaction';

@Global()
@Module({ providers: [LifecycleTransaction], exports: [LifecycleTransaction] })
export class OutboxModule {}

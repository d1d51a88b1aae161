export * from './lifecycle-transaction';
export * from './outbox.module';

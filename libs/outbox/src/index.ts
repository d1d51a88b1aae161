export * from './history-clock';
export * from './lifecycle-transaction';
export * from './outbox.module';
export * from './outbox-row';
export * from './outbox-relay';
export * from './relay-outbox.job';

export * from './workers-host.module';
export * from './heartbeat.processor';
export * from './reminders.processor';

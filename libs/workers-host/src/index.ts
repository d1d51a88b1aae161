export * from './workers-host.module';
export * from './heartbeat.processor';

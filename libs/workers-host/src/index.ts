export * from './workers-host.module';

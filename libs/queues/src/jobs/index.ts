export * from './job-definitions';
export * from './job-producer';
export * from './queue-job.decorator';
export * from './queue-jobs.registry';
export * from './queue-processor';

export * from './event-sets';
export * from './health-inputs.sql';
export * from './health-scoring';
export * from './health-score.service';
export * from './health-recompute';
export * from './testing/events';
export * from './testing/intelligence-test-module';

export * from './services';
export * from './template-database';
export * from './test-environment';
export * from './private-redis';

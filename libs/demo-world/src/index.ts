export * from './prng';
export * from './world.types';
export * from './generate-world';
export * from './world-events';
export * from './api/demo-import.module';
export * from './api/occurred-at.interceptor';
export * from './api/history-import.schemas';
export * from './loader/api-loader';

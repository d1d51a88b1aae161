export * from './lifecycle-events';

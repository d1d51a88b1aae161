export * from './events';
export * from './intelligence-test-module';

export * from './wire';
export * from './analytics';
export * from './records';
export * from './intelligence';

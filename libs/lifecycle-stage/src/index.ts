export * from './stage-rules';

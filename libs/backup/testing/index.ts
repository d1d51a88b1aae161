export * from './scratch-postgres';

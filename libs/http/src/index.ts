export * from './api-error';
export * from './zod-validation.pipe';
export * from './openapi';
export * from './all-exceptions.filter';
export * from './json-logger';
export * from './paging';
export * from './validation';

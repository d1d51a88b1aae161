export * from './events-query.sql';
export * from './events-query.service';
export * from './events-query.module';

export * from './stage-rules';
export * from './customer-records.sql';
export * from './customer-lifecycle';
export * from './lifecycle-stage.service';
export * from './lifecycle-stage.module';

export * from './aftercare-rules';
export * from './aftercare.service';
export * from './loyalty-maintenance.job';
export * from './aftercare.module';

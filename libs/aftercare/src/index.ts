export * from './aftercare-rules';
export * from './aftercare.service';
export * from './aftercare.module';

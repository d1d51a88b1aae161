export * from './stripe-client';
export * from './payments.service';
export * from './payments.module';

export * from './deposit-rules';
export * from './invoice-state';
export * from './invoice-pdf';
export * from './billing-hooks';
export * from './invoices.service';
export * from './invoice-reminder.job';
export * from './invoices.module';
export * from './quote-hook';

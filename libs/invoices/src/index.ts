export * from './deposit-rules';
export * from './invoice-state';
export * from './invoice-pdf';
export * from './billing-hooks';
export * from './invoices.service';
export * from './invoices.module';
export * from './quote-hook';

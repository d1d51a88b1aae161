export * from './brand';
export * from './document-frame';
export * from './pdf-text';
export * from './documents.module';

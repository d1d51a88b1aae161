export * from './tracking-message.schema';
export * from './tracking-row';
export * from './write-key.service';
export * from './write-key.guard';
export * from './ingestion.service';
export * from './ingestion.module';

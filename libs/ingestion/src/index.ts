export * from './segment-message.schema';
export * from './segment-row';
export * from './write-key.service';
export * from './write-key.guard';
export * from './ingestion.service';
export * from './ingestion.module';

export * from './custom-rule';
export * from './segment-features.sql';
export * from './segment-rules';
export * from './segment.service';

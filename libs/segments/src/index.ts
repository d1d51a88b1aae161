export * from './custom-rule';
export * from './segment-features.sql';
export * from './segment-rules';
export * from './segment.service';
export * from './segments.controller';
export * from './segments.module';
export * from './segments-recompute.job';

export * from './arrow-reader';
export * from './bgnbd';
export * from './churn-drivers';
export * from './churn-features.sql';
export * from './churn.service';
export * from './feature-prep';
export * from './logistic';
export * from './metrics';

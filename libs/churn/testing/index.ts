export * from './churn-population';

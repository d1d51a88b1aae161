export * from './events';
export * from './time';
export * from './generate';
export * from './funnel.reference';
export * from './kpi.reference';
export * from './retention.reference';
export * from './identity-world';

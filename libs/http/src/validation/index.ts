export * from './text';
export * from './numbers';
export * from './dates';
export * from './time-zone';
export * from './countries';
export * from './json-shape';
export * from './input-shape.pipe';

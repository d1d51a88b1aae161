export * from './app.module';
export * from './bootstrap';
export * from './feature-modules';

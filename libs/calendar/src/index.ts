export * from './google-calendar.client';
export * from './fake-google-calendar';
